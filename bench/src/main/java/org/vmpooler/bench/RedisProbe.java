package org.vmpooler.bench;

import java.util.List;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/** Looks at the benchmark's Redis database from outside the server: queue sizes and client connections. */
final class RedisProbe implements AutoCloseable {
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
    }

    /** Empties the benchmark's database (and only that one). */
    void flush() {
        redis.flushdb();
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
        connection.close();
        client.shutdown();
    }
}
