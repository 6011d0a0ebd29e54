package org.vmpooler.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vmpooler.config.CircuitBreakerSettings;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.testing.MutableClock;

class ProviderHealthMonitorTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void reportsABusyConnectionPoolAsCritical() throws Exception {
        VmpoolerConfig config = PluginConfigs.builder()
                .provider("lab", "dummy", Map.of("createvm_max_time", 1, "connection_pool_size", 1))
                .pool("debian", "lab").build();
        ProviderRegistry registry = ProviderRegistry.load(config, metrics, clock);
        ProviderHealthMonitor monitor = new ProviderHealthMonitor(registry, metrics);

        monitor.report();
        assertThat(metrics.gauge("connection_pool.lab.available")).isEqualTo(1.0);
        assertThat(metrics.gauge("connection_pool.lab.utilization")).isEqualTo(0.0);
        assertThat(metrics.counter("connection_pool.lab.critical")).isZero();

        Future<VmInfo> clone = threads.submit(() -> registry.forPool("debian").createVm(PluginConfigs.request("debian", "vm1")));
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.connectionPoolOf("lab").orElseThrow().health()
                .inUse() == 1);
        monitor.report();
        assertThat(metrics.gauge("connection_pool.lab.in_use")).isEqualTo(1.0);
        assertThat(metrics.gauge("connection_pool.lab.utilization")).isEqualTo(100.0);
        assertThat(metrics.counter("connection_pool.lab.critical")).isEqualTo(1);
        clone.get(10, TimeUnit.SECONDS);
    }

    @Test
    void reportsEachBreakersStateAndFailures() {
        FlakyProviderFactory flaky = new FlakyProviderFactory();
        VmpoolerConfig config = PluginConfigs.builder()
                .provider("vc1", "flaky", new CircuitBreakerSettings(true, 3, Duration.ofSeconds(30), 1), Map.of())
                .pool("debian", "vc1").build();
        ProviderRegistry registry = ProviderRegistry.load(config, metrics, clock, List.of(flaky));
        RecordingMetrics monitored = new RecordingMetrics();
        ProviderHealthMonitor monitor = new ProviderHealthMonitor(registry, monitored);

        flaky.mode = FlakyProviderFactory.Mode.FAILING;
        assertThatThrownBy(() -> registry.forPool("debian").vmsInPool("debian")).isInstanceOf(ProviderException.class);
        monitor.report();
        assertThat(monitored.gauge("circuit_breaker.state.vc1")).isEqualTo(0.0);
        assertThat(monitored.gauge("circuit_breaker.failures.vc1")).isEqualTo(1.0);
        assertThat(monitored.gauge("connection_pool.vc1.available")).as("flaky has no pool").isNull();

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> registry.forPool("debian").vmsInPool("debian"))
                    .isInstanceOf(ProviderException.class);
        }
        monitor.report();
        assertThat(monitored.gauge("circuit_breaker.state.vc1")).isEqualTo(1.0);
        assertThat(monitored.gauge("circuit_breaker.failures.vc1")).isEqualTo(3.0);
    }
}
