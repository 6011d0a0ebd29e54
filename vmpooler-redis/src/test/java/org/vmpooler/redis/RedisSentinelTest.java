package org.vmpooler.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.vmpooler.config.RedisConfig;
import org.vmpooler.domain.VmState;
import org.vmpooler.store.StoreException;

/**
 * The store finds its Redis through Redis Sentinel. The test starts a real sentinel (redis-server --sentinel)
 * on a free port, watching the local Redis under a master name of its own; the sentinel only observes and is
 * stopped after each test (and by {@code timeout} should the JVM die first).
 */
class RedisSentinelTest {

    private static final Duration SENTINEL_LIFETIME = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    private RedisTestDatabase db;
    private Process sentinel;
    private int sentinelPort;
    private final String master = "vmpooler-test-" + UUID.randomUUID();

    @BeforeEach
    void startSentinel() throws IOException {
        db = RedisTestDatabase.claim();
        try (ServerSocket probe = new ServerSocket(0)) {
            sentinelPort = probe.getLocalPort();
        }
        Path conf = dir.resolve("sentinel.conf");
        Files.writeString(conf, String.join("\n",
                "port " + sentinelPort,
                "bind 127.0.0.1",
                "daemonize no",
                "dir " + dir,
                "sentinel monitor " + master + " " + RedisTestDatabase.HOST + " " + RedisTestDatabase.PORT + " 1",
                ""));
        sentinel = new ProcessBuilder("timeout", Long.toString(SENTINEL_LIFETIME.toSeconds()), "redis-server",
                conf.toString(), "--sentinel")
                .redirectErrorStream(true).redirectOutput(dir.resolve("sentinel.log").toFile()).start();
        Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(this::sentinelKnowsTheMaster);
    }

    @AfterEach
    void stopSentinel() throws InterruptedException {
        sentinel.destroy();
        sentinel.waitFor();
        db.close();
    }

    @Test
    void findsTheMasterThroughTheSentinelAndUsesTheConfiguredDatabase() {
        try (RedisStore store = RedisStore.connect(viaSentinel(master), Clock.systemUTC())) {
            store.add("centos-7", "vm-a", VmState.READY);

            assertThat(store.vms("centos-7", VmState.READY)).containsExactly("vm-a");
            assertThat(db.redis().smembers("vmpooler__ready__centos-7")).containsExactly("vm-a");
        }
    }

    @Test
    void anUnknownMasterNameFailsTheConnectionClearly() {
        assertThatThrownBy(() -> RedisStore.connect(viaSentinel("no-such-master"), Clock.systemUTC()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("Cannot connect to Redis at sentinel master 'no-such-master' via 127.0.0.1:"
                        + sentinelPort);
    }

    private RedisConfig viaSentinel(String masterName) {
        RedisConfig config = db.config();
        return new RedisConfig(config.server(), config.port(), Optional.empty(), Optional.empty(), db.index(),
                Optional.of(new RedisConfig.Sentinel(masterName, List.of("127.0.0.1:" + sentinelPort))),
                config.dataTtl(), config.connectionPoolSize(), config.connectionPoolTimeout(),
                config.reconnectDelays());
    }

    private boolean sentinelKnowsTheMaster() {
        RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", sentinelPort));
        try (StatefulRedisSentinelConnection<String, String> connection = client.connectSentinel()) {
            return connection.sync().getMasterAddrByName(master) != null;
        } finally {
            client.shutdown();
        }
    }
}
