package org.vmpooler.manager;

import org.vmpooler.store.InMemoryStore;
import org.vmpooler.store.Store;
import org.vmpooler.testing.MutableClock;

class InMemoryProviderFaultsTest extends ProviderFaultsContract {

    @Override
    protected Store newStore(MutableClock clock) {
        return new InMemoryStore(clock);
    }
}
