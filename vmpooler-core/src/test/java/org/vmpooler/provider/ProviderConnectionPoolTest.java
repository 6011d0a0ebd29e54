package org.vmpooler.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProviderConnectionPoolTest {
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void reportsUseAndWaitingCallersAndPublishesTheReferenceMetrics() throws Exception {
        ProviderConnectionPool pool = new ProviderConnectionPool(ProviderConnectionPool.PROVIDER_TYPE, "vc1", 4,
                Duration.ofSeconds(30), metrics);
        assertThat(pool.health()).isEqualTo(new ConnectionPoolHealth(4, 4, 0, 0.0, 0,
                ConnectionPoolHealth.State.HEALTHY));

        CountDownLatch release = new CountDownLatch(1);
        List<Future<String>> calls = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            calls.add(threads.submit(() -> pool.with(() -> {
                waitFor(release);
                return "done";
            })));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.health().waiting() == 3);
        assertThat(pool.health()).isEqualTo(new ConnectionPoolHealth(4, 0, 4, 100.0, 3,
                ConnectionPoolHealth.State.CRITICAL));
        assertThat(metrics.gauge("connection_available.provider_connection_pool.vc1")).isEqualTo(0.0);

        release.countDown();
        for (Future<String> call : calls) {
            assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo("done");
        }
        assertThat(pool.health().available()).isEqualTo(4);
        assertThat(metrics.gauge("connection_available.provider_connection_pool.vc1")).isEqualTo(4.0);
        assertThat(metrics.timings()).filteredOn("connection_waited.provider_connection_pool.vc1"::equals).hasSize(7);
    }

    @Test
    void warningFromSeventyPercent() {
        ProviderConnectionPool pool = new ProviderConnectionPool("dns_connection_pool", "zone", 10,
                Duration.ofSeconds(1), metrics);
        assertThat(ConnectionPoolHealth.of(10, 3, 0).state()).isEqualTo(ConnectionPoolHealth.State.WARNING);
        assertThat(ConnectionPoolHealth.of(10, 4, 0).state()).isEqualTo(ConnectionPoolHealth.State.HEALTHY);
        assertThat(ConnectionPoolHealth.of(10, 9, 3).state()).isEqualTo(ConnectionPoolHealth.State.WARNING);
        assertThat(ConnectionPoolHealth.of(3, 2, 0).utilization()).isEqualTo(33.33);
        assertThat(pool.health().state()).isEqualTo(ConnectionPoolHealth.State.HEALTHY);
    }

    @Test
    void aCallThatFindsNoConnectionInTimeFails() throws Exception {
        ProviderConnectionPool pool = new ProviderConnectionPool(ProviderConnectionPool.PROVIDER_TYPE, "vc1", 1,
                Duration.ofMillis(10), metrics);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<String> holder = threads.submit(() -> pool.with(() -> {
            holding.countDown();
            waitFor(release);
            return "held";
        }));
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> pool.with(() -> "never")).isInstanceOf(ProviderException.class)
                .hasMessageContaining("vc1").hasMessageContaining("connection_pool_size 1");
        assertThat(pool.health().waiting()).isZero();
        release.countDown();
        assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo("held");
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
