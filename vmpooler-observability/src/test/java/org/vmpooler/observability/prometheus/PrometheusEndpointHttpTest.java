package org.vmpooler.observability.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpooler.api.ApiServer;
import org.vmpooler.config.MetricsConfig;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.observability.support.Configs;
import org.vmpooler.observability.support.Http;
import org.vmpooler.observability.tracing.Instrumented;
import org.vmpooler.store.InMemoryStore;
import org.vmpooler.store.Store;

import io.opentelemetry.api.OpenTelemetry;

/** The API server with the Prometheus backend, as the service assembles it. */
class PrometheusEndpointHttpTest {
    @TempDir
    Path dir;

    private ApiServer server;
    private Http http;

    @BeforeEach
    void start() {
        VmpoolerConfig config = Configs.load(dir, """
                :prometheus:
                  prefix: staging
                  prometheus_prefix: vmpooler
                  prometheus_endpoint: /metrics
                """);
        MetricsConfig.Prometheus prometheusConfig = (MetricsConfig.Prometheus) config.metrics();
        PrometheusMetrics metrics = new PrometheusMetrics(prometheusConfig, EnumSet.of(MetricRole.API));
        Clock clock = Clock.systemUTC();
        Store store = new Instrumented(OpenTelemetry.noop().getTracer("test")).store(new InMemoryStore(clock), metrics);
        server = new ApiServer(config, store, metrics, clock)
                .withRoutes(new PrometheusRoutes(metrics.registry(), prometheusConfig.endpoint()))
                .withRoutes(new HttpRequestMetrics(metrics.registry(), prometheusConfig.metricPrefix()))
                .withRoutes(app -> app.get("/boom", ctx -> {
                    throw new IllegalStateException("a bug in a route");
                }))
                .start();
        http = new Http(server.port());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void countsRequestsByCodeMethodAndNormalisedPath() {
        assertThat(http.get("/api/v3/status").statusCode()).isEqualTo(200);
        assertThat(http.get("/api/v3/vm/no-such-vm").statusCode()).isEqualTo(404);
        assertThat(http.get("/api/v3/vm/other-vm").statusCode()).isEqualTo(404);
        assertThat(http.get("/wp-login.php").statusCode()).isEqualTo(404);
        assertThat(http.get("/boom").statusCode()).isEqualTo(500);

        String text = http.get("/metrics").body();
        assertThat(text)
                .contains("vmpooler_http_requests_total{code=\"200\",method=\"get\",path=\"/api/v3/status\"} 1.0\n")
                .contains("vmpooler_http_requests_total{code=\"404\",method=\"get\",path=\"/api/v3/vm\"} 2.0\n")
                .contains("vmpooler_http_requests_total{code=\"404\",method=\"get\",path=\"unmatched\"} 1.0\n")
                .contains("vmpooler_http_requests_total{code=\"500\",method=\"get\",path=\"/boom\"} 1.0\n")
                .contains("vmpooler_http_request_duration_seconds_count{method=\"get\",path=\"/api/v3/vm\"} 2.0\n")
                .contains("# TYPE vmpooler_http_exceptions_total counter")
                .doesNotContain("wp-login");
    }

    @Test
    void servesTheApiMetricsWithTheInstanceLabelAndTheStoreCalls() {
        http.post("/api/v3/vm/no-such-template");
        http.get("/api/v3/status");

        HttpResponse<String> scrape = http.get("/metrics");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
        assertThat(scrape.body())
                .contains("vmpooler_checkout_invalid{poolname=\"no-such-template\",vmpooler_instance=\"staging\"} 1.0\n")
                .containsPattern("vmpooler_store_call_count\\{operation=\"[a-zA-Z]+\",vmpooler_instance=\"staging\"}")
                .doesNotContain("vmpooler_ready{");
    }

    @Test
    void anyMethodScrapesButAClientThatRefusesTextGets406() {
        assertThat(http.post("/metrics").statusCode()).isEqualTo(200);
        assertThat(http.get("/metrics", "Accept", "application/openmetrics-text;q=0.5,text/plain;version=0.0.4;q=0.4")
                .statusCode()).isEqualTo(200);

        HttpResponse<String> refused = http.get("/metrics", "Accept", "application/json");
        assertThat(refused.statusCode()).isEqualTo(406);
        assertThat(refused.body()).isEqualTo("Supported media types: text/plain");
    }
}
