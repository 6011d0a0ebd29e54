package org.vmpooler.api.vm;

import org.vmpooler.redis.RedisStore;
import org.vmpooler.redis.RedisTestDatabase;
import org.vmpooler.store.Store;

class RedisConcurrentCheckoutHttpTest extends ConcurrentCheckoutHttpTest {
    private RedisTestDatabase database;

    @Override
    protected Store newStore() {
        database = closeAfterwards(RedisTestDatabase.claim());
        return RedisStore.connect(database.config(), clock);
    }

    @Override
    protected Store sameDataAgain() {
        return RedisStore.connect(database.config(), clock);
    }
}
