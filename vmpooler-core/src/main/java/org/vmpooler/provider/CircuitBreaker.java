package org.vmpooler.provider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.config.CircuitBreakerSettings;
import org.vmpooler.metrics.Metrics;

/**
 * Stops calling a provider that keeps failing. Closed: calls pass; {@code failureThreshold} consecutive failures
 * open it. Open: calls are refused with {@link CircuitOpenException} until {@code timeout} has passed since the
 * last failure; the next call then moves it to half-open. Half-open: at most {@code halfOpenAttempts} trial calls
 * run at once (the reference let any number through); {@code halfOpenAttempts} successes close it, one failure
 * opens it again and restarts the timer.
 *
 * <p>Thread-safe; the guarded call runs outside the lock. An outcome is only applied to the state that admitted
 * the call: a call that started before the last transition says nothing about the provider's present state.
 * Transitions are logged and counted ({@code circuit_breaker.opened|half_open|closed.<name>}); the state
 * ({@code circuit_breaker.state.<name>}, 0 / 0.5 / 1) and failure count ({@code circuit_breaker.failures.<name>})
 * are published as gauges whenever they change.
 */
public final class CircuitBreaker {
    private static final Logger LOG = LoggerFactory.getLogger(CircuitBreaker.class);

    /** The breaker's states with the gauge value the reference publishes for each. */
    public enum State {
        CLOSED(0.0, "closed"), HALF_OPEN(0.5, "half_open"), OPEN(1.0, "opened");

        private final double gaugeValue;
        private final String transitionMetric;

        State(double gaugeValue, String transitionMetric) {
            this.gaugeValue = gaugeValue;
            this.transitionMetric = transitionMetric;
        }

        public double gaugeValue() {
            return gaugeValue;
        }
    }

    /** A consistent view of the breaker; {@code nextRetry} is set only while open. */
    public record Status(String name, State state, int failureCount, int successCount, Optional<Instant> lastFailure,
                         Optional<Instant> nextRetry) {
    }

    private final String name;
    private final int failureThreshold;
    private final Duration timeout;
    private final int halfOpenAttempts;
    private final Predicate<Throwable> countsAsFailure;
    private final Metrics metrics;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();

    private State state = State.CLOSED;
    /** Bumped on every transition, so late outcomes of calls admitted earlier can be recognised. */
    private long generation;
    private int failureCount;
    private int successCount;
    private int trialsInFlight;
    private Instant lastFailure;

    /**
     * @param countsAsFailure which exceptions of the guarded call count against the provider; others pass through
     *                        as a proof that the provider answered
     */
    public CircuitBreaker(String name, CircuitBreakerSettings settings, Predicate<Throwable> countsAsFailure,
                          Metrics metrics, Clock clock) {
        if (settings.failureThreshold() < 1 || settings.halfOpenAttempts() < 1 || settings.timeout().isNegative()) {
            throw new IllegalArgumentException("circuit breaker of " + name + " needs a failure threshold and "
                    + "half-open attempts of at least 1 and a non-negative timeout, got " + settings);
        }
        this.name = name;
        this.failureThreshold = settings.failureThreshold();
        this.timeout = settings.timeout();
        this.halfOpenAttempts = settings.halfOpenAttempts();
        this.countsAsFailure = countsAsFailure;
        this.metrics = metrics;
        this.clock = clock;
        metrics.gauge("circuit_breaker.state." + name, State.CLOSED.gaugeValue());
        metrics.gauge("circuit_breaker.failures." + name, 0);
    }

    public String name() {
        return name;
    }

    public State state() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    public int failureCount() {
        lock.lock();
        try {
            return failureCount;
        } finally {
            lock.unlock();
        }
    }

    public Status status() {
        lock.lock();
        try {
            return new Status(name, state, failureCount, successCount, Optional.ofNullable(lastFailure),
                    state == State.OPEN ? Optional.of(lastFailure.plus(timeout)) : Optional.empty());
        } finally {
            lock.unlock();
        }
    }

    /** Runs the action if the breaker lets it through and records its outcome; rethrows what the action throws. */
    public <T> T call(Supplier<T> action) {
        Admission admission = admit();
        T result;
        try {
            result = action.get();
        } catch (RuntimeException | Error e) {
            if (countsAsFailure.test(e)) {
                recordFailure(admission);
            } else {
                recordSuccess(admission);
            }
            throw e;
        }
        recordSuccess(admission);
        return result;
    }

    /** The generation in which a call was let through. */
    private record Admission(long generation) {
    }

    /** What a locked update changed, reported to metrics after unlocking; {@code failures} -1 when unchanged. */
    private record Change(State entered, int failures) {
        static final Change NONE = new Change(null, -1);
    }

    private Admission admit() {
        State entered = null;
        lock.lock();
        try {
            if (state == State.OPEN) {
                Instant retryAt = lastFailure.plus(timeout);
                Instant now = clock.instant();
                if (now.isBefore(retryAt)) {
                    long seconds = Math.max(1, Duration.between(now, retryAt).toSeconds());
                    throw new CircuitOpenException("circuit breaker of provider " + name + " is open ("
                            + failureCount + " failures, retry in " + seconds + "s)");
                }
                entered = transition(State.HALF_OPEN);
            }
            if (state == State.HALF_OPEN) {
                if (trialsInFlight >= halfOpenAttempts) {
                    throw new CircuitOpenException("circuit breaker of provider " + name + " is half-open with "
                            + trialsInFlight + " trial calls in flight");
                }
                trialsInFlight++;
                return new Admission(generation);
            }
            return new Admission(generation);
        } finally {
            lock.unlock();
            publish(new Change(entered, -1));
        }
    }

    private void recordSuccess(Admission admission) {
        Change change = Change.NONE;
        lock.lock();
        try {
            if (admission.generation != generation) {
                return;
            }
            State entered = null;
            if (state == State.HALF_OPEN) {
                trialsInFlight--;
                successCount++;
                if (successCount >= halfOpenAttempts) {
                    entered = transition(State.CLOSED);
                }
            }
            if (failureCount > 0 || entered != null) {
                failureCount = 0;
                change = new Change(entered, 0);
            }
        } finally {
            lock.unlock();
            publish(change);
        }
    }

    private void recordFailure(Admission admission) {
        Change change = Change.NONE;
        lock.lock();
        try {
            if (admission.generation != generation) {
                return;
            }
            failureCount++;
            lastFailure = clock.instant();
            State entered = null;
            if (state == State.HALF_OPEN || failureCount >= failureThreshold) {
                entered = transition(State.OPEN);
            }
            change = new Change(entered, failureCount);
        } finally {
            lock.unlock();
            publish(change);
        }
    }

    /** Called with the lock held; returns the new state for {@link #publish} to report after unlocking. */
    private State transition(State next) {
        State previous = state;
        state = next;
        generation++;
        successCount = 0;
        trialsInFlight = 0;
        if (next == State.CLOSED) {
            failureCount = 0;
        }
        switch (next) {
            case OPEN -> LOG.warn("Circuit breaker of provider {} opened after {} consecutive failures (was {}); "
                    + "calls are refused for {}s", name, failureCount, previous, timeout.toSeconds());
            case HALF_OPEN -> LOG.info("Circuit breaker of provider {} is half-open: letting up to {} trial calls "
                    + "through", name, halfOpenAttempts);
            case CLOSED -> LOG.info("Circuit breaker of provider {} closed: provider calls succeed again", name);
        }
        return next;
    }

    private void publish(Change change) {
        if (change.entered() != null) {
            metrics.increment("circuit_breaker." + change.entered().transitionMetric + "." + name);
            metrics.gauge("circuit_breaker.state." + name, change.entered().gaugeValue());
        }
        if (change.failures() >= 0) {
            metrics.gauge("circuit_breaker.failures." + name, change.failures());
        }
    }
}
