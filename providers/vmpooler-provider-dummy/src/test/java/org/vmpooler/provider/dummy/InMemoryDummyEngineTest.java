package org.vmpooler.provider.dummy;

import java.util.SplittableRandom;

import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.provider.Provider;
import org.vmpooler.provider.ProviderContext;
import org.vmpooler.provider.testkit.ProviderEngineContract;
import org.vmpooler.store.InMemoryStore;
import org.vmpooler.store.Store;
import org.vmpooler.testing.MutableClock;

/** The dummy provider driven by the engine on the in-memory store. */
class InMemoryDummyEngineTest extends ProviderEngineContract {

    @Override
    protected Store newStore(MutableClock clock) {
        return new InMemoryStore(clock);
    }

    @Override
    protected Provider provider(VmpoolerConfig config) {
        return new DummyProvider(new ProviderContext(config.providers().get("scripted"), config, Metrics.none(),
                java.time.Clock.systemUTC()), new SplittableRandom(3));
    }
}
