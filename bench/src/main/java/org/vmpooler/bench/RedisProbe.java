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

    private static final String RETIRE_READY = """
            local vms = redis.call('SMEMBERS', KEYS[1])
            for _, vm in ipairs(vms) do
              redis.call('SMOVE', KEYS[1], KEYS[2], vm)
            end
            return #vms
            """;

    private static final String STOCK = "return redis.call('SCARD', KEYS[1]) + redis.call('SCARD', KEYS[2])";

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

    /** Moves every ready VM of the pool to completed at once, as a mass checkout would; returns how many. */
    long retireReady(String pool) {
        return redis.eval(RETIRE_READY, ScriptOutputType.INTEGER, "vmpooler__ready__" + pool,
                "vmpooler__completed__" + pool);
    }

    /** VMs of the pool in a queue ({@code ready}, {@code pending} …). */
    long count(String queue, String pool) {
        return redis.scard("vmpooler__" + queue + "__" + pool);
    }

    /** Ready plus pending VMs of the pool, read at one instant (a VM moving between them counts once). */
    long stock(String pool) {
        return redis.eval(STOCK, ScriptOutputType.INTEGER, "vmpooler__ready__" + pool, "vmpooler__pending__" + pool);
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
