package org.vmpooler.api.auth;

import org.vmpooler.store.InMemoryStore;
import org.vmpooler.store.Store;

class InMemoryTokenHttpTest extends TokenHttpTest {
    @Override
    protected Store newStore() {
        return new InMemoryStore(clock);
    }
}
