package org.vmpooler.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpooler.config.ConfigException;
import org.vmpooler.config.RedisConfig;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.redis.RedisTestDatabase;

/**
 * The liveness and readiness probes of a running service, on a Redis of the test's own (a redis-server on a
 * free port, stopped and started again by the test): readiness follows the store, liveness does not.
 */
class ProbesTest {
    /** Ends the private Redis should the JVM die before the test stops it. */
    private static final Duration REDIS_LIFETIME = Duration.ofMinutes(3);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process redis;

    @TempDir
    Path dir;

    @AfterEach
    void stopRedis() throws InterruptedException {
        if (redis != null) {
            redis.destroy();
            redis.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void whileRedisIsDownAManagerIsNotReadyButStillAlive() throws Exception {
        assertReadinessFollowsRedis(EnumSet.of(Role.MANAGER), "manager");
    }

    @Test
    void whileRedisIsDownAnApiIsNotReadyButStillAlive() throws Exception {
        assertReadinessFollowsRedis(EnumSet.of(Role.API), "pools");
    }

    @Test
    void anApiWithoutPoolsOfItsOwnIsReadyOnlyWhenItServesThePoolsAManagerPublished() throws Exception {
        try (RedisTestDatabase db = RedisTestDatabase.claim();
             VmpoolerService early = VmpoolerService.start(load("", db.config()), EnumSet.of(Role.API),
                     Clock.systemUTC(), Duration.ofSeconds(1))) {
            HttpResponse<String> notReady = get(early.apiPort(), "/healthcheck/ready");
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(checks(notReady)).containsEntry("store", true).containsEntry("pools", false);
            assertThat(get(early.apiPort(), "/healthcheck/live").statusCode()).isEqualTo(200);

            try (VmpoolerService manager = VmpoolerService.start(load(ServiceConfigs.POOLS, db.config()),
                    EnumSet.of(Role.MANAGER), Clock.systemUTC());
                 VmpoolerService api = VmpoolerService.start(load("", db.config()), EnumSet.of(Role.API),
                         Clock.systemUTC(), Duration.ofSeconds(10))) {
                assertThat(checks(get(manager.apiPort(), "/healthcheck/ready"))).containsEntry("manager", true);
                assertThat(get(api.apiPort(), "/healthcheck/ready").statusCode()).isEqualTo(200);
                assertThat(get(early.apiPort(), "/healthcheck/ready").statusCode())
                        .as("an API that serves no pool is not ready, whatever was published after its start")
                        .isEqualTo(503);
            }
        }
    }

    @Test
    void aLoopStallLimitBelowOneSecondIsRefused() throws Exception {
        try (RedisTestDatabase db = RedisTestDatabase.claim()) {
            VmpoolerConfig config = load(ServiceConfigs.POOLS + ":config:\n  loop_stall_timeout: 0\n", db.config());
            assertThatThrownBy(() -> VmpoolerService.start(config, EnumSet.of(Role.MANAGER), Clock.systemUTC()))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("loop_stall_timeout");
        }
    }

    private void assertReadinessFollowsRedis(Set<Role> roles, String condition) throws Exception {
        int redisPort = freePort();
        startRedis(redisPort);
        try (VmpoolerService service = VmpoolerService.start(load(ServiceConfigs.POOLS, redisAt(redisPort)), roles,
                Clock.systemUTC())) {
            int port = service.apiPort();
            HttpResponse<String> ready = get(port, "/healthcheck/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(checks(ready)).containsEntry("store", true).containsEntry(condition, true);
            assertThat(get(port, "/healthcheck/live").statusCode()).isEqualTo(200);

            redis.destroy();
            assertThat(redis.waitFor(10, TimeUnit.SECONDS)).isTrue();

            HttpResponse<String> down = get(port, "/healthcheck/ready");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(checks(down)).containsEntry("store", false).containsEntry(condition, false);
            assertThat(get(port, "/healthcheck").statusCode()).isEqualTo(503);
            HttpResponse<String> live = get(port, "/healthcheck/live");
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(checks(live)).containsEntry("stalled", List.of());

            startRedis(redisPort);
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> get(port, "/healthcheck/ready").statusCode() == 200);
        }
    }

    private void startRedis(int port) throws IOException {
        redis = new ProcessBuilder("timeout", Long.toString(REDIS_LIFETIME.toSeconds()), "redis-server",
                "--bind", "127.0.0.1", "--port", Integer.toString(port), "--save", "", "--appendonly", "no",
                "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
                .start();
        Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return true;
            }
        });
    }

    private static RedisConfig redisAt(int port) {
        return new RedisConfig("127.0.0.1", port, Optional.empty(), Optional.empty(), 0, Optional.empty(),
                Duration.ofHours(168), 10, Duration.ofSeconds(2),
                List.of(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200)));
    }

    private VmpoolerConfig load(String yaml, RedisConfig redisConfig) throws IOException {
        return ServiceConfigs.load(dir, yaml, Optional.of(redisConfig));
    }

    /** The checks a probe reports; its "ok" must agree with its status code. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> checks(HttpResponse<String> response) throws IOException {
        Map<String, Object> body = JSON.readValue(response.body(), Map.class);
        assertThat(body).containsEntry("ok", response.statusCode() == 200);
        return (Map<String, Object>) body.get("checks");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
