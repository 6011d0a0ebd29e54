package org.vmpooler.api.auth;

import org.vmpooler.store.InMemoryStore;
import org.vmpooler.store.Store;

class InMemoryVmOwnershipHttpTest extends VmOwnershipHttpTest {
    @Override
    protected Store newStore() {
        return new InMemoryStore(clock);
    }
}
