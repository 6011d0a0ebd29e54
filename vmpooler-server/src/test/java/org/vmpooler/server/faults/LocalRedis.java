package org.vmpooler.server.faults;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.awaitility.Awaitility;

/**
 * A redis-server of the suite's own on a fixed loopback port, so that it can be stopped and started again at the
 * same address the services reconnect to. Its data lives in a folder of its own; {@link Persistence} says
 * whether a restart finds it again. Wrapped in {@code timeout} so a test JVM that dies cannot leave it behind.
 */
final class LocalRedis implements AutoCloseable {
    private static final Duration LIFETIME = Duration.ofMinutes(15);

    /** What a restart keeps: the append-only file (fsynced at every write) or nothing. */
    enum Persistence { AOF, NONE }

    private final int port;
    private final Path dir;
    private Process server;
    private int starts;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;

    private LocalRedis(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    static LocalRedis start(int port, Path dir, Persistence persistence) throws IOException {
        LocalRedis redis = new LocalRedis(port, dir);
        redis.startServer(persistence);
        return redis;
    }

    int port() {
        return port;
    }

    /** A connection of the test's own, for reading the store as the services left it. */
    synchronized StatefulRedisConnection<String, String> connection() {
        if (connection == null) {
            client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(port)
                    .withTimeout(Duration.ofSeconds(5)).build());
            connection = client.connect();
        }
        return connection;
    }

    /**
     * Stops the server gracefully (SIGTERM: it writes what it holds before it exits) and starts it again. With
     * {@link Persistence#NONE} the new server starts from an empty folder: the store comes back empty.
     */
    void restart(Persistence persistence, Duration down) throws IOException, InterruptedException {
        stop();
        Thread.sleep(down.toMillis());
        startServer(persistence);
    }

    private void startServer(Persistence persistence) throws IOException {
        starts++;
        Path data = dir.resolve("data-" + starts);
        if (persistence == Persistence.AOF && starts > 1) {
            data = dir.resolve("data-" + (starts - 1)); // the folder the previous server wrote
            if (!Files.isDirectory(data.resolve("appendonlydir"))) {
                throw new IllegalStateException("no append-only file in " + data + ": a restart would come back empty");
            }
        }
        Files.createDirectories(data);
        List<String> command = new ArrayList<>(List.of("timeout", Long.toString(LIFETIME.toSeconds()),
                "redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", data.toString(),
                "--save", ""));
        command.addAll(persistence == Persistence.AOF
                ? List.of("--appendonly", "yes", "--appendfsync", "always")
                : List.of("--appendonly", "no"));
        server = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile())).start();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> {
                    try (Socket socket = new Socket("127.0.0.1", port)) {
                        return true;
                    }
                });
        // A server loading its append-only file accepts connections but answers LOADING until it is done.
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> "PONG".equals(connection().sync().ping()));
    }

    private void stop() throws InterruptedException {
        if (server != null) {
            server.destroy(); // timeout passes SIGTERM on to redis-server
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (connection != null) {
            connection.close();
            client.shutdown();
        }
        stop();
    }
}
