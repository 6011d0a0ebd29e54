package org.vmpooler.api.http;

import org.vmpooler.store.InMemoryStore;
import org.vmpooler.store.Store;

class InMemoryFallbackHttpTest extends FallbackHttpTest {
    @Override
    protected Store newStore() {
        return new InMemoryStore(clock);
    }
}
