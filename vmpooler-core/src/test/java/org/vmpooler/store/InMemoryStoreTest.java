package org.vmpooler.store;

import org.vmpooler.testing.MutableClock;

class InMemoryStoreTest extends StoreContractTest {
    @Override
    protected Store newStore(MutableClock clock) {
        return new InMemoryStore(clock);
    }
}
