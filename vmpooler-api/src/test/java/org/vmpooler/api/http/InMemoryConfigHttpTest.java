package org.vmpooler.api.http;

import org.vmpooler.store.InMemoryStore;
import org.vmpooler.store.Store;

class InMemoryConfigHttpTest extends ConfigHttpTest {
    @Override
    protected Store newStore() {
        return new InMemoryStore(clock);
    }
}
