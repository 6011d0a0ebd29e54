package org.vmpooler.config;

import java.time.Duration;

/** The stale-queue auto-purge ({@code purge_*}, {@code max_*_age}); off by default, as in the reference. */
public record PurgeSettings(boolean enabled, boolean dryRun, Duration interval, Duration maxPendingAge,
                            Duration maxReadyAge, Duration maxCompletedAge, Duration maxOrphanedAge) {
    public static final PurgeSettings DEFAULT = new PurgeSettings(false, false, Duration.ofSeconds(3600),
            Duration.ofSeconds(7200), Duration.ofSeconds(86_400), Duration.ofSeconds(3600), Duration.ofSeconds(86_400));
}
