package org.vmpooler.provider.dummy;

import java.util.SplittableRandom;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.provider.Provider;
import org.vmpooler.provider.ProviderContext;
import org.vmpooler.provider.testkit.ProviderEngineContract;
import org.vmpooler.redis.RedisStores;
import org.vmpooler.store.Store;
import org.vmpooler.testing.MutableClock;

/** The dummy provider driven by the engine on the Redis store (a real Redis on 127.0.0.1). */
class RedisDummyEngineTest extends ProviderEngineContract {

    @RegisterExtension
    final RedisStores redis = new RedisStores();

    @Override
    protected Store newStore(MutableClock clock) {
        return redis.connect(clock);
    }

    @Override
    protected Provider provider(VmpoolerConfig config) {
        return new DummyProvider(new ProviderContext(config.providers().get("scripted"), config, Metrics.none(),
                java.time.Clock.systemUTC()), new SplittableRandom(3));
    }
}
