package org.vmpooler.manager;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.vmpooler.redis.RedisStores;
import org.vmpooler.store.Store;
import org.vmpooler.testing.MutableClock;

/** The engine under provider faults on the Redis store (a real Redis on 127.0.0.1). */
class RedisProviderFaultsTest extends ProviderFaultsContract {

    @RegisterExtension
    final RedisStores redis = new RedisStores();

    @Override
    protected Store newStore(MutableClock clock) {
        return redis.connect(clock);
    }
}
