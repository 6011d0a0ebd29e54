package org.vmpooler.api.guard;

import org.vmpooler.redis.RedisStore;
import org.vmpooler.redis.RedisTestDatabase;
import org.vmpooler.store.Store;

/** Fewer requests than in memory: every request snapshots the whole store through Redis round trips. */
class RedisFuzzHttpTest extends FuzzHttpTest {
    @Override
    protected Store newStore() {
        return RedisStore.connect(closeAfterwards(RedisTestDatabase.claim()).config(), clock);
    }

    @Override
    int requests() {
        return 800;
    }
}
