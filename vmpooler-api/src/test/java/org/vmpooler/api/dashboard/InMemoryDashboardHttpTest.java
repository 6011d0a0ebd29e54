package org.vmpooler.api.dashboard;

import org.vmpooler.store.InMemoryStore;
import org.vmpooler.store.Store;

class InMemoryDashboardHttpTest extends DashboardHttpTest {
    @Override
    protected Store newStore() {
        return new InMemoryStore(clock);
    }
}
