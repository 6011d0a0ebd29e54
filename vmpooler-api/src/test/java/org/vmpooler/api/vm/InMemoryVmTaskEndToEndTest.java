package org.vmpooler.api.vm;

import org.vmpooler.store.InMemoryStore;
import org.vmpooler.store.Store;

class InMemoryVmTaskEndToEndTest extends VmTaskEndToEndTest {
    @Override
    protected Store newStore() {
        return new InMemoryStore(clock);
    }
}
