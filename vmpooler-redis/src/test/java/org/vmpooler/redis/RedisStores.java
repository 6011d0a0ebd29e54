package org.vmpooler.redis;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.vmpooler.store.Store;

/**
 * Redis stores for the tests of a class, each on a database of its own ({@link RedisTestDatabase}) that is given
 * back after each test. Register it with {@code @RegisterExtension}.
 */
public final class RedisStores implements AfterEachCallback {

    private final List<RedisTestDatabase> claimed = new ArrayList<>();

    public Store connect(Clock clock) {
        RedisTestDatabase db = RedisTestDatabase.claim();
        claimed.add(db);
        return RedisStore.connect(db.config(), clock);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        claimed.forEach(RedisTestDatabase::close);
        claimed.clear();
    }
}
