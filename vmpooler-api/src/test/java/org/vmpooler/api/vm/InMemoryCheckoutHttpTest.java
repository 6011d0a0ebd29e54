package org.vmpooler.api.vm;

import org.vmpooler.store.InMemoryStore;
import org.vmpooler.store.Store;

class InMemoryCheckoutHttpTest extends CheckoutHttpTest {
    @Override
    protected Store newStore() {
        return new InMemoryStore(clock);
    }
}
