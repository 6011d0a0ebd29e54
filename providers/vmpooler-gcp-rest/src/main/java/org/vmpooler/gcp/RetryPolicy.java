package org.vmpooler.gcp;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how patiently a throttled or briefly unavailable API call is tried again: at most {@code attempts}
 * tries in all, waiting an exponentially growing, jittered delay from {@code baseDelay} up to {@code maxDelay}
 * (or what the API's {@code Retry-After} asked, within that cap). Jitter keeps many callers throttled at the same
 * moment from coming back at the same moment.
 */
public record RetryPolicy(int attempts, Duration baseDelay, Duration maxDelay) {

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
    }

    /** The wait before try number {@code nextAttempt} (2 for the first retry). */
    public Duration delayBefore(int nextAttempt, Optional<Duration> retryAfter) {
        if (retryAfter.isPresent()) {
            return min(retryAfter.get(), maxDelay);
        }
        long ceiling = min(baseDelay.multipliedBy(1L << Math.min(nextAttempt - 2, 20)), maxDelay).toMillis();
        return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
