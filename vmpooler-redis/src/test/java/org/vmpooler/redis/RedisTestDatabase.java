package org.vmpooler.redis;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import org.vmpooler.config.RedisConfig;

/**
 * A Redis database (index 1..15 of the local server) owned by one test for its duration, so that the tests of
 * every module and every developer can share one Redis without seeing each other's keys.
 *
 * <p>A database is claimed by {@code SET NX} of a lock key inside it; the lock expires by itself shortly after
 * its owner dies (a crashed test run frees its database), and is renewed while the owner lives. The database is
 * flushed when claimed and when released, the lock surviving the flush. Database 0 is never used.
 *
 * <p>There is no skipping: if no Redis answers, {@link #claim()} fails and says where it looked.
 */
public final class RedisTestDatabase implements AutoCloseable {

    public static final String HOST = "127.0.0.1";
    public static final int PORT = 6379;

    private static final String LOCK_KEY = "vmpooler-test-database-lock";
    private static final Duration LOCK_TTL = Duration.ofSeconds(90);
    private static final Duration RENEW_EVERY = Duration.ofSeconds(20);
    private static final Duration WAIT_FOR_FREE_DATABASE = Duration.ofMinutes(3);
    private static final int FIRST_INDEX = 1;
    private static final int LAST_INDEX = 15;

    /** Empties the database and re-takes the lock in one step, so nobody can claim it in between. */
    private static final String FLUSH_KEEPING_LOCK = """
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
            redis.call('FLUSHDB')
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return 1
            """;
    private static final String RENEW = """
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
            return redis.call('PEXPIRE', KEYS[1], ARGV[2])
            """;
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
            redis.call('FLUSHDB')
            return 1
            """;

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final int index;
    private final String owner;
    private final ScheduledExecutorService renewer;
    private boolean closed;

    private RedisTestDatabase(RedisClient client, StatefulRedisConnection<String, String> connection, int index,
                              String owner) {
        this.client = client;
        this.connection = connection;
        this.index = index;
        this.owner = owner;
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "redis-test-db-" + index + "-lock");
            t.setDaemon(true);
            return t;
        });
        renewer.scheduleAtFixedRate(this::renew, RENEW_EVERY.toMillis(), RENEW_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Claims a free database, waiting a while if all are taken; fails clearly when Redis does not answer. */
    public static RedisTestDatabase claim() {
        RedisClient client = RedisClient.create(RedisURI.builder().withHost(HOST).withPort(PORT)
                .withTimeout(Duration.ofSeconds(5)).build());
        StatefulRedisConnection<String, String> connection;
        try {
            connection = client.connect();
        } catch (RedisException e) {
            client.shutdown();
            throw new IllegalStateException("No Redis answers at " + HOST + ":" + PORT
                    + " - the Redis tests need a running Redis server there (" + e.getMessage() + ")", e);
        }
        String owner = ProcessHandle.current().pid() + "-" + UUID.randomUUID();
        long deadline = System.nanoTime() + WAIT_FOR_FREE_DATABASE.toNanos();
        RedisCommands<String, String> redis = connection.sync();
        do {
            for (int index = FIRST_INDEX; index <= LAST_INDEX; index++) {
                redis.select(index);
                String taken = redis.set(LOCK_KEY, owner, SetArgs.Builder.nx().px(LOCK_TTL.toMillis()));
                if ("OK".equals(taken)) {
                    RedisTestDatabase database = new RedisTestDatabase(client, connection, index, owner);
                    database.flush();
                    return database;
                }
            }
            sleepQuietly(Duration.ofMillis(250));
        } while (System.nanoTime() < deadline);
        connection.close();
        client.shutdown();
        throw new IllegalStateException("All Redis databases " + FIRST_INDEX + ".." + LAST_INDEX + " at " + HOST + ":"
                + PORT + " stayed claimed by other test runs for " + WAIT_FOR_FREE_DATABASE.toMinutes()
                + " minutes (lock key '" + LOCK_KEY + "')");
    }

    public int index() {
        return index;
    }

    /** A store configuration pointing at this database, with short timeouts and quick reconnection. */
    public RedisConfig config() {
        return new RedisConfig(HOST, PORT, Optional.empty(), Optional.empty(), index, Optional.empty(),
                Duration.ofHours(168), 10, Duration.ofSeconds(5),
                List.of(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200)));
    }

    /** Raw commands on this database, to write or inspect keys exactly as another Redis client would. */
    public RedisCommands<String, String> redis() {
        return connection.sync();
    }

    /** Deletes every key of the database except the lock. */
    public void flush() {
        Long done = connection.sync().eval(FLUSH_KEEPING_LOCK, ScriptOutputType.INTEGER, new String[] {LOCK_KEY},
                owner, Long.toString(LOCK_TTL.toMillis()));
        if (done == null || done != 1L) {
            throw new IllegalStateException("Lost the lock of Redis test database " + index);
        }
    }

    /** Flushes the database and frees it for the next test; later calls do nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        renewer.shutdownNow();
        try {
            connection.sync().eval(RELEASE, ScriptOutputType.INTEGER, new String[] {LOCK_KEY}, owner);
        } finally {
            connection.close();
            client.shutdown();
        }
    }

    private void renew() {
        try {
            connection.sync().eval(RENEW, ScriptOutputType.INTEGER, new String[] {LOCK_KEY}, owner,
                    Long.toString(LOCK_TTL.toMillis()));
        } catch (RedisException e) {
            // The next renewal retries; a lock that really expired shows up in flush() or close().
        }
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a free Redis test database", e);
        }
    }
}
