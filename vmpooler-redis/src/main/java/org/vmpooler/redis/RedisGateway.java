package org.vmpooler.redis;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Function;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;

import org.vmpooler.store.StoreException;

/**
 * The way the Redis store talks to Redis: commands and scripts on the shared connection, with every Lettuce
 * failure turned into a {@link StoreException} that says what could not be done, where, and whether the
 * connection is down.
 */
final class RedisGateway {
    private static final long SCAN_BATCH = 1000;

    private final RedisConnection connection;
    private final RedisCommands<String, String> redis;

    RedisGateway(RedisConnection connection) {
        this.connection = connection;
        this.redis = connection.commands();
    }

    /** Runs commands; {@code what} completes "Redis at … could not …" in the error. */
    <T> T call(String what, Function<RedisCommands<String, String>, T> commands) {
        try {
            return commands.apply(redis);
        } catch (RedisException e) {
            ConnectionWatch watch = connection.watch();
            throw new StoreException("Redis at " + watch.target() + " could not " + what + ": " + e.getMessage()
                    + watch.outage(), e);
        }
    }

    <T> T script(String what, LuaScript script, ScriptOutputType type, List<String> keys, List<String> args) {
        return call(what, r -> script.run(r, type, keys, args));
    }

    /** Every key with the prefix, by SCAN in batches so that Redis is never blocked. */
    List<String> keysStartingWith(String prefix, String what) {
        return call(what, r -> {
            List<String> keys = new ArrayList<>();
            ScanArgs match = ScanArgs.Builder.matches(prefix + "*").limit(SCAN_BATCH);
            KeyScanCursor<String> cursor = r.scan(match);
            keys.addAll(cursor.getKeys());
            while (!cursor.isFinished()) {
                cursor = r.scan(ScanCursor.of(cursor.getCursor()), match);
                keys.addAll(cursor.getKeys());
            }
            return List.copyOf(new LinkedHashSet<>(keys));
        });
    }

    boolean ping() {
        try {
            return "PONG".equals(redis.ping());
        } catch (RuntimeException e) {
            return false;
        }
    }
}
