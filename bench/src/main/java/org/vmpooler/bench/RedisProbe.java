package org.vmpooler.bench;

import java.util.List;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * Looks at the benchmark's Redis database from outside the server: queue sizes and client connections. It holds
 * the database with the same lock key the test suite's {@code RedisTestDatabase} claims databases with, so a
 * benchmark and a test run never wipe each other's data.
 */
final class RedisProbe implements AutoCloseable {
    private static final String LOCK_KEY = "vmpooler-test-database-lock";
    private static final String OWNER = "vmpooler-bench-" + ProcessHandle.current().pid();
    private static final String FLUSH_KEEPING_LOCK = """
            local owner = redis.call('GET', KEYS[1])
            redis.call('FLUSHDB')
            redis.call('SET', KEYS[1], owner, 'EX', 3600)
            return 1
            """;

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;
    private final int database;

    RedisProbe(int database) {
        this.database = database;
        this.client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(6379)
                .withDatabase(database).build());
        this.connection = client.connect();
        this.redis = connection.sync();
        if (!OWNER.equals(redis.get(LOCK_KEY)) && redis.set(LOCK_KEY, OWNER, SetArgs.Builder.nx().ex(3600)) == null) {
            close();
            throw new IllegalStateException("Redis database " + database + " is in use (by a test run, or a "
                    + "benchmark that was killed: its claim '" + LOCK_KEY + "' expires within the hour); pass "
                    + "another database number to bench/run");
        }
    }

    /** Empties the benchmark's database (and only that one), keeping the claim on it. */
    void flush() {
        redis.eval(FLUSH_KEEPING_LOCK, ScriptOutputType.INTEGER, LOCK_KEY);
    }

    long readyVms(List<String> pools) {
        long total = 0;
        for (String pool : pools) {
            total += redis.scard("vmpooler__ready__" + pool);
        }
        return total;
    }

    /** Client connections on the benchmark's database, not counting this probe's own. */
    long serverConnections() {
        long count = 0;
        for (String line : redis.clientList().split("\n")) {
            if (line.contains(" db=" + database + " ")) {
                count++;
            }
        }
        return count - 1;
    }

    @Override
    public void close() {
        if (OWNER.equals(redis.get(LOCK_KEY))) {
            redis.del(LOCK_KEY);
        }
        connection.close();
        client.shutdown();
    }
}
