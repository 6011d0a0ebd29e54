package org.vmpooler.api.guard;

import org.vmpooler.redis.RedisStore;
import org.vmpooler.redis.RedisTestDatabase;
import org.vmpooler.store.Store;

class RedisRateLimitHttpTest extends RateLimitHttpTest {
    @Override
    protected Store newStore() {
        return RedisStore.connect(closeAfterwards(RedisTestDatabase.claim()).config(), clock);
    }
}
