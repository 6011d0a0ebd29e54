package org.vmpooler.api.security;

import org.vmpooler.store.InMemoryStore;
import org.vmpooler.store.Store;

class InMemorySecurityProbesTest extends SecurityProbesTest {
    @Override
    protected Store newStore() {
        return new InMemoryStore(clock);
    }
}
