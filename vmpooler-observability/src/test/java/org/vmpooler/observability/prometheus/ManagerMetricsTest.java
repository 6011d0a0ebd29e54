package org.vmpooler.observability.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;

import io.opentelemetry.api.OpenTelemetry;

import org.junit.jupiter.api.Test;
import org.vmpooler.config.MetricsConfig;
import org.vmpooler.domain.VmState;
import org.vmpooler.manager.PoolManager;
import org.vmpooler.manager.testkit.ManagerHarness;
import org.vmpooler.manager.testkit.ScriptedProvider;
import org.vmpooler.manager.testkit.TestConfig;
import org.vmpooler.observability.tracing.Instrumented;
import org.vmpooler.store.InMemoryStore;
import org.vmpooler.store.Store;
import org.vmpooler.testing.MutableClock;

/** What the real manager records lands in the Prometheus metrics an operator graphs. */
class ManagerMetricsTest {

    @Test
    void poolSizesDurationsAndStoreCallsOfAFullLifecycle() throws Exception {
        PrometheusMetrics metrics = new PrometheusMetrics(new MetricsConfig.Prometheus("vmpooler", "vmpooler", "/prometheus"),
                EnumSet.of(MetricRole.MANAGER));
        MutableClock clock = ManagerHarness.clockAt("2026-03-19T12:00:00Z");
        ScriptedProvider provider = new ScriptedProvider("scripted", clock);
        provider.bootTime = Duration.ofSeconds(90);
        Store store = new Instrumented(OpenTelemetry.noop().getTracer("test")).store(new InMemoryStore(clock), metrics);
        PoolManager manager = PoolManager.builder(new TestConfig().pool("debian", 1).build(), store).clock(clock)
                .metrics(metrics).providers(pool -> provider).dns(pool -> Optional.empty()).sleeper(clock::advance)
                .shutdownGrace(Duration.ofSeconds(5)).build();
        try {
            cycle(manager);
            assertThat(metrics.registry().scrape()).contains("vmpooler_pending{poolname=\"debian\",vmpooler_instance=\"vmpooler\"} 0.0")
                    .contains("vmpooler_clone_count{poolname=\"debian\",vmpooler_instance=\"vmpooler\"} 1.0");
            clock.advance(Duration.ofSeconds(100));
            cycle(manager);
            cycle(manager);
            assertThat(metrics.registry().scrape())
                    .contains("vmpooler_ready{poolname=\"debian\",vmpooler_instance=\"vmpooler\"} 1.0")
                    .contains("vmpooler_time_to_ready_state_bucket{poolname=\"debian\",vmpooler_instance=\"vmpooler\",le=\"120\"} 1.0");
            String vm = store.vms("debian", VmState.READY).iterator().next();
            assertThat(store.move("debian", vm, VmState.READY, VmState.COMPLETED)).isTrue();
            cycle(manager);
        } finally {
            manager.close();
        }

        String text = metrics.registry().scrape();
        assertThat(text)
                .contains("vmpooler_destroy_count{poolname=\"debian\",vmpooler_instance=\"vmpooler\"} 1.0")
                .containsPattern("vmpooler_vmpooler_destroy\\{poolname=\"debian\",vmpooler_instance=\"vmpooler\"} ")
                .containsPattern("vmpooler_vmpooler_performance\\{metric_path=\"check_pool.debian\",vmpooler_instance=\"vmpooler\"} ")
                .contains("vmpooler_store_call_count{operation=\"move\",vmpooler_instance=\"vmpooler\"} ");
    }

    private static void cycle(PoolManager manager) throws InterruptedException {
        manager.runCycle("debian");
        assertThat(manager.awaitIdle(Duration.ofSeconds(10))).isTrue();
    }
}
