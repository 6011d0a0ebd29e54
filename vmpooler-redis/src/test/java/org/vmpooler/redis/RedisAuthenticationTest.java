package org.vmpooler.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpooler.config.RedisConfig;
import org.vmpooler.store.StoreException;

/** A wrong Redis password fails the start with a message that names authentication, not "Unable to connect". */
class RedisAuthenticationTest {
    private static final Duration SERVER_LIFETIME = Duration.ofMinutes(2);
    private static final String PASSWORD = "right-pw-9x";

    @TempDir
    Path dir;

    private Process server;
    private int port;

    @BeforeEach
    void startServerWithPassword() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        server = new ProcessBuilder("timeout", Long.toString(SERVER_LIFETIME.toSeconds()), "redis-server",
                "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--dir", dir.toString(), "--requirepass", PASSWORD)
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return true;
            }
        });
    }

    @AfterEach
    void stopServer() throws InterruptedException {
        server.destroy();
        server.waitFor();
    }

    private RedisConfig withPassword(Optional<String> password) {
        return new RedisConfig("127.0.0.1", port, Optional.empty(), password, 0, Optional.empty(),
                Duration.ofHours(1), 1, Duration.ofSeconds(5), List.of(Duration.ofMillis(50)));
    }

    @Test
    void aWrongPasswordIsReportedAsAnAuthenticationFailure() {
        assertThatThrownBy(() -> RedisStore.connect(withPassword(Optional.of("wrong-pw")), Clock.systemUTC()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("refused to authenticate")
                .hasMessageContaining("WRONGPASS")
                .hasMessageNotContaining("wrong-pw")
                .hasMessageNotContaining("Unable to connect");
    }

    @Test
    void aMissingPasswordIsReportedAsAnAuthenticationFailure() {
        assertThatThrownBy(() -> RedisStore.connect(withPassword(Optional.empty()), Clock.systemUTC()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("refused to authenticate");
    }

    @Test
    void theRightPasswordConnects() {
        try (RedisStore store = RedisStore.connect(withPassword(Optional.of(PASSWORD)), Clock.systemUTC())) {
            assertThat(store.allVmNames()).isEmpty();
        }
    }
}
