package org.vmpooler.api.ondemand;

import org.vmpooler.redis.RedisStore;
import org.vmpooler.redis.RedisTestDatabase;
import org.vmpooler.store.Store;

class RedisOndemandEndToEndTest extends OndemandEndToEndTest {
    @Override
    protected Store newStore() {
        return RedisStore.connect(closeAfterwards(RedisTestDatabase.claim()).config(), clock);
    }
}
