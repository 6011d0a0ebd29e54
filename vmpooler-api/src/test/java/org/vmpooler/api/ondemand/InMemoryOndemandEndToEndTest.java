package org.vmpooler.api.ondemand;

import org.vmpooler.store.InMemoryStore;
import org.vmpooler.store.Store;

class InMemoryOndemandEndToEndTest extends OndemandEndToEndTest {
    @Override
    protected Store newStore() {
        return new InMemoryStore(clock);
    }
}
