package org.vmpooler.config;

import java.time.Duration;

/** {@code circuit_breaker_*}: opens after {@code failureThreshold} consecutive failures for {@code timeout}. */
public record CircuitBreakerSettings(boolean enabled, int failureThreshold, Duration timeout, int halfOpenAttempts) {
    public static final CircuitBreakerSettings DEFAULT = new CircuitBreakerSettings(true, 5, Duration.ofSeconds(30), 3);
}
