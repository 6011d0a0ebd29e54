package org.vmpooler.observability.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.vmpooler.config.MetricsConfig;
import org.vmpooler.config.ServerConfig;
import org.vmpooler.health.Heartbeats;
import org.vmpooler.health.ProcessHealth;
import org.vmpooler.observability.support.Http;
import org.vmpooler.store.InMemoryStore;
import org.vmpooler.store.Store;

/** The manager-only process's endpoint: health always, Prometheus when configured, nothing of the API. */
class MetricsServerTest {

    @Test
    void servesHealthAndTheScrapeButNotTheApi() {
        PrometheusMetrics metrics = new PrometheusMetrics(new MetricsConfig.Prometheus("vmpooler", "vmpooler", "/prometheus"),
                EnumSet.of(MetricRole.MANAGER));
        metrics.gauge("ready.debian", 2);
        try (MetricsServer server = MetricsServer.start(new ServerConfig("127.0.0.1", 0), health(new InMemoryStore(Clock.systemUTC())),
                new PrometheusRoutes(metrics.registry(), "/prometheus"))) {
            Http http = new Http(server.port());

            assertThat(http.get("/healthcheck").statusCode()).isEqualTo(200);
            assertThat(http.get("/healthcheck").body()).contains("\"ok\"").contains("true");
            assertThat(http.get("/prometheus").body())
                    .contains("vmpooler_ready{poolname=\"debian\",vmpooler_instance=\"vmpooler\"} 2.0");
            assertThat(http.get("/api/v3/status").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void withoutPrometheusItStillAnswersHealthChecks() {
        AtomicBoolean storeAnswers = new AtomicBoolean(true);
        InMemoryStore real = new InMemoryStore(Clock.systemUTC());
        Store store = (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class},
                (proxy, method, args) -> method.getName().equals("ping") ? storeAnswers.get() : method.invoke(real, args));
        try (MetricsServer server = MetricsServer.start(new ServerConfig("127.0.0.1", 0), health(store))) {
            Http http = new Http(server.port());
            assertThat(http.get("/healthcheck").statusCode()).isEqualTo(200);
            assertThat(http.get("/prometheus").statusCode()).isEqualTo(404);
            storeAnswers.set(false);
            assertThat(http.get("/healthcheck").statusCode()).isEqualTo(503);
        }
    }

    private static ProcessHealth health(Store store) {
        return new ProcessHealth(store, new Heartbeats(Clock.systemUTC(), Heartbeats.DEFAULT_STALL_LIMIT), List.of());
    }
}
