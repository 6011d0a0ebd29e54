package org.vmpooler.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpooler.config.RedisConfig;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.redis.RedisTestDatabase;

/** The service picks the configured metrics backend and reports its store, as assembled by {@link VmpoolerService}. */
class ObservabilityWiringTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    @Test
    void aStatsdSectionSendsTheApisMetricsToStatsd() throws Exception {
        try (DatagramSocket statsd = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            statsd.setSoTimeout(10_000);
            VmpoolerConfig config = load("""
                    :statsd:
                      server: 127.0.0.1
                      port: %d
                      prefix: ci
                    :prometheus:
                      prefix: ignored
                    """.formatted(statsd.getLocalPort()), Optional.empty());
            try (VmpoolerService service = VmpoolerService.start(config, EnumSet.of(Role.API), Clock.systemUTC())) {
                assertThat(post(service.apiPort(), "/api/v3/vm/no-such-template").statusCode()).isEqualTo(404);
                assertThat(get(service.apiPort(), "/prometheus").statusCode()).isEqualTo(404);

                List<String> received = new ArrayList<>();
                while (received.stream().noneMatch(d -> d.startsWith("ci.checkout.invalid."))) {
                    DatagramPacket packet = new DatagramPacket(new byte[512], 512);
                    statsd.receive(packet);
                    received.add(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
                }
                assertThat(received).contains("ci.checkout.invalid.no-such-template:1|c");
            }
        }
    }

    @Test
    void onRedisThePrometheusEndpointReportsTheStoreConnectionAndItsCalls() throws Exception {
        try (RedisTestDatabase redis = RedisTestDatabase.claim()) {
            VmpoolerConfig config = load("""
                    :prometheus:
                      prefix: ci
                    """, Optional.of(redis.config()));
            try (VmpoolerService service = VmpoolerService.start(config, EnumSet.of(Role.API), Clock.systemUTC())) {
                assertThat(get(service.apiPort(), "/healthcheck").statusCode()).isEqualTo(200);
                assertThat(get(service.apiPort(), "/api/v3/status").statusCode()).isEqualTo(200);

                String scrape = get(service.apiPort(), "/prometheus").body();
                assertThat(scrape)
                        .contains("vmpooler_store_connection{metric_path=\"connected\",vmpooler_instance=\"ci\"} 1.0")
                        .contains("vmpooler_store_call_count{operation=\"ping\",vmpooler_instance=\"ci\"} 1.0")
                        .contains("vmpooler_http_requests_total{code=\"200\",method=\"get\",path=\"/healthcheck\"} 1.0");
            }
        }
    }

    private VmpoolerConfig load(String yaml, Optional<RedisConfig> redis) throws IOException {
        return ServiceConfigs.load(dir, ServiceConfigs.POOLS + yaml, redis);
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
