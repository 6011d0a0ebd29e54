package org.vmpooler.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.redis.RedisTestDatabase;

/**
 * The API and the manager in processes of their own on one Redis, as the Helm chart runs them: an API without
 * {@code :pools:} serves what the manager published, and the manager reports its providers' connection pools.
 */
class SeparateRolesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path managerDir;

    @TempDir
    Path apiDir;

    @Test
    void anApiWithoutPoolsServesThePoolsItsManagerPublished() throws Exception {
        try (RedisTestDatabase redis = RedisTestDatabase.claim()) {
            VmpoolerConfig managerConfig = ServiceConfigs.load(managerDir, ServiceConfigs.POOLS + """
                    :config:
                      connection_pool_monitor_interval: 1
                    :prometheus:
                      prefix: ci
                    """, Optional.of(redis.config()));
            VmpoolerConfig apiConfig = ServiceConfigs.load(apiDir, "", Optional.of(redis.config()));
            assertThat(apiConfig.pools()).isEmpty();
            try (VmpoolerService manager = VmpoolerService.start(managerConfig, EnumSet.of(Role.MANAGER),
                    Clock.systemUTC());
                 VmpoolerService api = VmpoolerService.start(apiConfig, EnumSet.of(Role.API), Clock.systemUTC(),
                         Duration.ofSeconds(10))) {
                JsonNode pools = json(api.apiPort(), "/api/v3/status").get("pools");
                assertThat(pools.has("debian")).as("the manager's pool, served by the API").isTrue();
                assertThat(get(api.apiPort(), "/healthcheck/ready").statusCode()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> json(api.apiPort(), "/api/v3/status").get("pools").get("debian").get("ready")
                                .asInt() == 1);
                JsonNode checkout = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + api.apiPort() + "/api/v3/vm/debian")).POST(
                        HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).body());
                assertThat(checkout.get("ok").asBoolean()).isTrue();
                assertThat(checkout.get("debian").get("hostname").asText()).isNotEmpty();

                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                        get(manager.apiPort(), "/prometheus").body())
                        .as("the provider monitor's gauges").contains("connection_pool").contains("circuit_breaker"));
            }
        }
    }

    @Test
    void inOneProcessTheApiAndTheManagerEachHaveAConnectionOfTheirOwn() throws Exception {
        try (RedisTestDatabase redis = RedisTestDatabase.claim()) {
            VmpoolerConfig config = ServiceConfigs.load(managerDir, ServiceConfigs.POOLS, Optional.of(redis.config()));
            try (VmpoolerService server = VmpoolerService.start(config, EnumSet.of(Role.API, Role.MANAGER),
                    Clock.systemUTC())) {
                assertThat(get(server.apiPort(), "/api/v3/status").statusCode()).isEqualTo(200);
                long connections = redis.redis().clientList().lines()
                        .filter(line -> line.contains(" name=vmpooler ") && line.contains(" db=" + redis.index() + " "))
                        .count();
                assertThat(connections).isEqualTo(2);
            }
        }
    }

    @Test
    void anApiThatFindsNoPublishedPoolsSaysSoAndIsNotReady() throws Exception {
        try (RedisTestDatabase redis = RedisTestDatabase.claim()) {
            VmpoolerConfig apiConfig = ServiceConfigs.load(apiDir, "", Optional.of(redis.config()));
            try (VmpoolerService api = VmpoolerService.start(apiConfig, EnumSet.of(Role.API), Clock.systemUTC(),
                    Duration.ofSeconds(1))) {
                assertThat(json(api.apiPort(), "/api/v3/status").get("pools").size()).isZero();
                HttpResponse<String> ready = get(api.apiPort(), "/healthcheck/ready");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(JSON.readTree(ready.body()).toString()).contains("\"pools\":false");
            }
        }
    }

    private JsonNode json(int port, String path) throws IOException, InterruptedException {
        return JSON.readTree(get(port, path).body());
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
