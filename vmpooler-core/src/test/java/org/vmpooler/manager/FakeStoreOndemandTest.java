package org.vmpooler.manager;

import org.vmpooler.manager.testkit.FakeStore;
import org.vmpooler.manager.testkit.ManualClock;
import org.vmpooler.store.Store;

class FakeStoreOndemandTest extends OndemandContract {

    @Override
    protected Store newStore(ManualClock clock) {
        return new FakeStore(clock);
    }
}
