package org.vmpooler.manager;

import org.vmpooler.store.InMemoryStore;
import org.vmpooler.testing.MutableClock;
import org.vmpooler.store.Store;

class InMemoryPoolLifecycleTest extends PoolLifecycleContract {

    @Override
    protected Store newStore(MutableClock clock) {
        return new InMemoryStore(clock);
    }
}
