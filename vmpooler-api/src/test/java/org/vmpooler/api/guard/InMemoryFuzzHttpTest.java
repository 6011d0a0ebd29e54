package org.vmpooler.api.guard;

import org.vmpooler.store.InMemoryStore;
import org.vmpooler.store.Store;

class InMemoryFuzzHttpTest extends FuzzHttpTest {
    @Override
    protected Store newStore() {
        return new InMemoryStore(clock);
    }

    @Override
    int requests() {
        return 10_000;
    }
}
