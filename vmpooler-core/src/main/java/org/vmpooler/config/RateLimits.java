package org.vmpooler.config;

import java.time.Duration;

/** {@code :rate_limits:}: requests per period for each endpoint class. */
public record RateLimits(Limit globalPerIp, Limit authenticated, Limit vmCreation, Limit vmDeletion) {

    public record Limit(int limit, Duration period) {
    }

    public static final RateLimits DEFAULT = new RateLimits(new Limit(100, Duration.ofSeconds(60)),
            new Limit(500, Duration.ofSeconds(60)), new Limit(20, Duration.ofSeconds(60)),
            new Limit(50, Duration.ofSeconds(60)));
}
