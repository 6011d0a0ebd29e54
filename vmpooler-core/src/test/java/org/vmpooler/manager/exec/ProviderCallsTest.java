package org.vmpooler.manager.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class ProviderCallsTest {

    @Test
    void aBatchRunsEveryPieceOnceOnNoMoreThreadsThanTheProviderAllowsCalls() throws Exception {
        try (ProviderCalls calls = new ProviderCalls(provider -> 8)) {
            AtomicInteger running = new AtomicInteger();
            AtomicInteger mostAtOnce = new AtomicInteger();
            Set<Thread> threads = ConcurrentHashMap.newKeySet();
            int[] runs = new int[1_000];
            List<Runnable> work = new ArrayList<>();
            for (int i = 0; i < runs.length; i++) {
                int piece = i;
                work.add(() -> {
                    mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                    threads.add(Thread.currentThread());
                    runs[piece]++;
                    Thread.yield();
                    running.decrementAndGet();
                });
            }

            assertThat(calls.runAll("dummy", work, Duration.ofSeconds(30))).isTrue();

            assertThat(runs).containsOnly(1);
            assertThat(mostAtOnce.get()).isLessThanOrEqualTo(8);
            assertThat(threads).as("threads started for 1,000 pieces").hasSizeLessThanOrEqualTo(8);
        }
    }

    @Test
    void aFailingPieceDoesNotStrandTheRest() throws Exception {
        try (ProviderCalls calls = new ProviderCalls(provider -> 1)) {
            AtomicInteger done = new AtomicInteger();
            List<Runnable> work = new ArrayList<>();
            work.add(() -> {
                throw new IllegalStateException("provider said no");
            });
            for (int i = 0; i < 10; i++) {
                work.add(done::incrementAndGet);
            }

            assertThat(calls.runAll("dummy", work, Duration.ofSeconds(30))).isTrue();
            assertThat(done.get()).isEqualTo(10);
        }
    }

    @Test
    void aHungPieceLetsTheCallerGoOnAfterItsPatienceAndTheRestStillRuns() throws Exception {
        try (ProviderCalls calls = new ProviderCalls(provider -> 2)) {
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger done = new AtomicInteger();
            List<Runnable> work = new ArrayList<>();
            work.add(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            for (int i = 0; i < 5; i++) {
                work.add(done::incrementAndGet);
            }

            assertThat(calls.runAll("dummy", work, Duration.ofMillis(300))).isFalse();
            assertThat(done.get()).isEqualTo(5);
            release.countDown();
            assertThat(calls.awaitIdle(Duration.ofSeconds(10))).isTrue();
        }
    }
}
