package org.vmpooler.api.config;

import org.vmpooler.store.InMemoryStore;
import org.vmpooler.store.Store;

class InMemoryPoolOverrideEndToEndTest extends PoolOverrideEndToEndTest {
    @Override
    protected Store newStore() {
        return new InMemoryStore(clock);
    }
}
