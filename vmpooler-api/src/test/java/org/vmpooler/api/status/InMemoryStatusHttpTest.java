package org.vmpooler.api.status;

import org.vmpooler.store.InMemoryStore;
import org.vmpooler.store.Store;

class InMemoryStatusHttpTest extends StatusHttpTest {
    @Override
    protected Store newStore() {
        return new InMemoryStore(clock);
    }
}
