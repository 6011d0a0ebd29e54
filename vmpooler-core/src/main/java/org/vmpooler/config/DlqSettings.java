package org.vmpooler.config;

import java.time.Duration;

/** {@code dlq_enabled}, {@code dlq_ttl} (hours), {@code dlq_max_entries}. Off by default, as in the reference. */
public record DlqSettings(boolean enabled, Duration ttl, int maxEntries) {
    public static final DlqSettings DEFAULT = new DlqSettings(false, Duration.ofHours(168), 10_000);
}
