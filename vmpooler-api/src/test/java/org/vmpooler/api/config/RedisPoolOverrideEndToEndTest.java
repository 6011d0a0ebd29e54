package org.vmpooler.api.config;

import org.vmpooler.redis.RedisStore;
import org.vmpooler.redis.RedisTestDatabase;
import org.vmpooler.store.Store;

class RedisPoolOverrideEndToEndTest extends PoolOverrideEndToEndTest {
    @Override
    protected Store newStore() {
        return RedisStore.connect(closeAfterwards(RedisTestDatabase.claim()).config(), clock);
    }
}
