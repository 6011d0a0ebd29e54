package org.vmpooler.api.vm;

import org.vmpooler.store.InMemoryStore;
import org.vmpooler.store.Store;

class InMemoryVmHostnameHttpTest extends VmHostnameHttpTest {
    @Override
    protected Store newStore() {
        return new InMemoryStore(clock);
    }
}
