package org.vmpooler.api.dashboard;

import org.vmpooler.redis.RedisStore;
import org.vmpooler.redis.RedisTestDatabase;
import org.vmpooler.store.Store;

class RedisDashboardHttpTest extends DashboardHttpTest {
    @Override
    protected Store newStore() {
        return RedisStore.connect(closeAfterwards(RedisTestDatabase.claim()).config(), clock);
    }
}
