package org.vmpooler.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vmpooler.config.CircuitBreakerSettings;
import org.vmpooler.testing.MutableClock;

class CircuitBreakerTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final AtomicInteger calls = new AtomicInteger();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private CircuitBreaker breaker(int threshold, int halfOpenAttempts) {
        return new CircuitBreaker("vc1", new CircuitBreakerSettings(true, threshold, Duration.ofSeconds(30),
                halfOpenAttempts), e -> !(e instanceof IllegalStateException), metrics, clock);
    }

    private String succeed() {
        calls.incrementAndGet();
        return "ok";
    }

    private String fail() {
        calls.incrementAndGet();
        throw new ProviderException("vCenter unreachable");
    }

    private void failOnce(CircuitBreaker breaker) {
        assertThatThrownBy(() -> breaker.call(this::fail)).hasMessage("vCenter unreachable");
    }

    @Test
    void opensAfterThresholdConsecutiveFailuresAndRefusesWithoutCalling() {
        CircuitBreaker breaker = breaker(3, 1);
        failOnce(breaker);
        failOnce(breaker);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.failureCount()).isEqualTo(2);
        failOnce(breaker);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);

        clock.advance(Duration.ofSeconds(10));
        assertThatThrownBy(() -> breaker.call(this::succeed)).isInstanceOf(CircuitOpenException.class)
                .hasMessageContaining("vc1").hasMessageContaining("open (3 failures, retry in 20s)");
        assertThat(calls).hasValue(3);
        assertThat(breaker.status().nextRetry()).contains(Instant.parse("2026-01-01T00:00:30Z"));
        assertThat(metrics.counter("circuit_breaker.opened.vc1")).isEqualTo(1);
        assertThat(metrics.gauge("circuit_breaker.state.vc1")).isEqualTo(1.0);
        assertThat(metrics.gauge("circuit_breaker.failures.vc1")).isEqualTo(3.0);
    }

    @Test
    void aSuccessResetsTheCountOfConsecutiveFailures() {
        CircuitBreaker breaker = breaker(3, 1);
        failOnce(breaker);
        failOnce(breaker);
        assertThat(breaker.call(this::succeed)).isEqualTo("ok");
        failOnce(breaker);
        failOnce(breaker);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(metrics.gauge("circuit_breaker.failures.vc1")).isEqualTo(2.0);
    }

    @Test
    void exceptionsThatDoNotCountLeaveTheBreakerClosed() {
        CircuitBreaker breaker = breaker(1, 1);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> breaker.call(() -> {
                throw new IllegalStateException("template missing");
            })).isInstanceOf(IllegalStateException.class);
        }
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void halfOpenAfterTheTimeoutAndClosesAfterEnoughTrialSuccesses() {
        CircuitBreaker breaker = breaker(1, 2);
        failOnce(breaker);
        clock.advance(Duration.ofSeconds(30));

        assertThat(breaker.call(this::succeed)).isEqualTo("ok");
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(metrics.gauge("circuit_breaker.state.vc1")).isEqualTo(0.5);
        assertThat(metrics.counter("circuit_breaker.half_open.vc1")).isEqualTo(1);

        breaker.call(this::succeed);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.failureCount()).isZero();
        assertThat(metrics.counter("circuit_breaker.closed.vc1")).isEqualTo(1);
        assertThat(metrics.gauge("circuit_breaker.state.vc1")).isEqualTo(0.0);
    }

    @Test
    void aFailedTrialReopensAndRestartsTheTimer() {
        CircuitBreaker breaker = breaker(1, 2);
        failOnce(breaker);
        clock.advance(Duration.ofSeconds(31));
        breaker.call(this::succeed);
        failOnce(breaker);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(metrics.counter("circuit_breaker.opened.vc1")).isEqualTo(2);

        clock.advance(Duration.ofSeconds(29));
        assertThatThrownBy(() -> breaker.call(this::succeed)).isInstanceOf(CircuitOpenException.class);
        clock.advance(Duration.ofSeconds(1));
        breaker.call(this::succeed);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    }

    @Test
    void halfOpenLetsOnlyTheConfiguredNumberOfTrialsRunAtOnce() throws Exception {
        CircuitBreaker breaker = breaker(1, 2);
        failOnce(breaker);
        clock.advance(Duration.ofSeconds(30));

        CountDownLatch started = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        Future<String> first = threads.submit(() -> breaker.call(() -> blockUntil(started, release)));
        Future<String> second = threads.submit(() -> breaker.call(() -> blockUntil(started, release)));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> breaker.call(this::succeed)).isInstanceOf(CircuitOpenException.class)
                .hasMessageContaining("half-open with 2 trial calls in flight");
        assertThat(calls).hasValue(1);

        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("trial");
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("trial");
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void ofManyConcurrentCallersOnlyTheAllowedNumberOfTrialsGetThrough() throws Exception {
        CircuitBreaker breaker = breaker(1, 3);
        failOnce(breaker);
        clock.advance(Duration.ofSeconds(30));

        AtomicInteger trials = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        List<Future<?>> callers = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            callers.add(threads.submit(() -> {
                try {
                    breaker.call(() -> {
                        trials.incrementAndGet();
                        return blockUntil(new CountDownLatch(1), release);
                    });
                } catch (CircuitOpenException e) {
                    refused.incrementAndGet();
                }
                return null;
            }));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> trials.get() + refused.get() == 64);
        assertThat(trials).hasValue(3);
        assertThat(refused).hasValue(61);

        release.countDown();
        for (Future<?> caller : callers) {
            caller.get(10, TimeUnit.SECONDS);
        }
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aLateOutcomeOfACallAdmittedBeforeATransitionIsIgnored() throws Exception {
        CircuitBreaker breaker = breaker(1, 1);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<String> slow = threads.submit(() -> breaker.call(() -> blockUntil(started, release)));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        failOnce(breaker);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);

        release.countDown();
        slow.get(10, TimeUnit.SECONDS);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void rejectsSettingsThatCannotWork() {
        assertThatThrownBy(() -> new CircuitBreaker("vc1", new CircuitBreakerSettings(true, 0, Duration.ofSeconds(1), 1),
                e -> true, metrics, clock)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("vc1");
    }

    private static String blockUntil(CountDownLatch started, CountDownLatch release) {
        started.countDown();
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "trial";
    }
}
