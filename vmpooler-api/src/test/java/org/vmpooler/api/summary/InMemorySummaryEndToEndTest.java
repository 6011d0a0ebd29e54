package org.vmpooler.api.summary;

import org.vmpooler.store.InMemoryStore;
import org.vmpooler.store.Store;

class InMemorySummaryEndToEndTest extends SummaryEndToEndTest {
    @Override
    protected Store newStore() {
        return new InMemoryStore(clock);
    }
}
