package org.vmpooler.api.vm;

import org.vmpooler.store.InMemoryStore;
import org.vmpooler.store.Store;

class InMemoryConcurrentCheckoutHttpTest extends ConcurrentCheckoutHttpTest {
    private InMemoryStore shared;

    @Override
    protected Store newStore() {
        shared = new InMemoryStore(clock);
        return shared;
    }

    /** In memory, "the same data" is the same instance (closing it releases nothing). */
    @Override
    protected Store sameDataAgain() {
        return shared;
    }
}
