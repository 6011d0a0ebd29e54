package org.vmpooler.config;

import java.time.Duration;

/** The queue-health check ({@code health_check_*}, {@code health_thresholds}); off by default. */
public record HealthCheckSettings(boolean enabled, Duration interval, int pendingQueueMax, int readyQueueMax,
                                  int dlqMaxWarning, int dlqMaxCritical, Duration stuckVmAgeThreshold,
                                  int stuckVmMaxWarning, int stuckVmMaxCritical) {
    public static final HealthCheckSettings DEFAULT = new HealthCheckSettings(false, Duration.ofSeconds(300), 100, 500,
            100, 1000, Duration.ofSeconds(7200), 10, 50);
}
