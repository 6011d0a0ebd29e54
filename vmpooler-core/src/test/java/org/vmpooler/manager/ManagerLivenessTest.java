package org.vmpooler.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.vmpooler.health.Heartbeats;
import org.vmpooler.manager.testkit.ManagerHarness;
import org.vmpooler.manager.testkit.ScriptedProvider;
import org.vmpooler.manager.testkit.TestConfig;
import org.vmpooler.store.InMemoryStore;
import org.vmpooler.testing.MutableClock;

/**
 * The manager's loops report to its heartbeats: a pool cycle that hangs makes its loop stalled once it has run
 * longer than the limit, while the loops that keep turning stay healthy, and it recovers when the cycle ends.
 * Time is a manual clock; the loops sleep until the test moves it.
 */
class ManagerLivenessTest {

    private static final Duration LIMIT = Duration.ofMinutes(10);

    private final MutableClock clock = ManagerHarness.clockAt("2026-03-19T12:00:00Z");

    @Test
    void aHungPoolCycleStallsItsLoopUntilTheCycleEnds() throws InterruptedException {
        ScriptedProvider provider = new ScriptedProvider("scripted", clock);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        provider.inventoryHook = () -> {
            if (Thread.currentThread().getName().equals("pool-centos") && held.getCount() > 0) {
                held.countDown();
                awaitQuietly(release);
            }
        };
        Heartbeats heartbeats = new Heartbeats(clock, LIMIT);
        PoolManager manager = PoolManager.builder(new TestConfig().pool("centos", 0).build(), new InMemoryStore(clock))
                .clock(clock).providers(pool -> provider).sleeper(this::sleepUntilTheClockMoves).heartbeats(heartbeats)
                .shutdownGrace(Duration.ofSeconds(5)).build();
        try {
            manager.start();
            assertThat(held.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(heartbeats.watched()).as("pool, on-demand, VM-task and pool-lease loops").isEqualTo(4);
            assertThat(heartbeats.stalled()).isEmpty();

            tick(LIMIT.plusSeconds(1));
            // The other loops wake, run a pass and sleep again; only the held cycle stays overdue.
            await().atMost(Duration.ofSeconds(20)).until(() -> heartbeats.stalled().equals(List.of("pool-centos")));

            release.countDown();
            await().atMost(Duration.ofSeconds(20)).until(() -> heartbeats.stalled().isEmpty());
        } finally {
            release.countDown();
            manager.close();
        }
        assertThat(heartbeats.watched()).isZero();
    }

    private synchronized void tick(Duration d) {
        clock.advance(d);
        notifyAll();
    }

    private synchronized void sleepUntilTheClockMoves(Duration ignored) throws InterruptedException {
        Instant seen = clock.instant();
        while (clock.instant().equals(seen)) {
            wait();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
