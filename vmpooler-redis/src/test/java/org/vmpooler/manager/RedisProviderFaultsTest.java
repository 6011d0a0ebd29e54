package org.vmpooler.manager;

import org.junit.jupiter.api.AfterEach;
import org.vmpooler.redis.RedisStore;
import org.vmpooler.redis.RedisTestDatabase;
import org.vmpooler.store.Store;
import org.vmpooler.testing.MutableClock;

/** The engine under provider faults on the Redis store (a real Redis on 127.0.0.1). */
class RedisProviderFaultsTest extends ProviderFaultsContract {

    private RedisTestDatabase db;

    @Override
    protected Store newStore(MutableClock clock) {
        db = RedisTestDatabase.claim();
        return RedisStore.connect(db.config(), clock);
    }

    @AfterEach
    void releaseDatabase() {
        if (db != null) {
            db.close();
        }
    }
}
