package org.vmpooler.api.dashboard;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The spans of history the dashboard offers, each read from the tier fine enough for it. */
enum HistoryRange {
    HOUR(Duration.ofHours(1)),
    HOURS(Duration.ofHours(3)),
    DAY(Duration.ofDays(1)),
    WEEK(Duration.ofDays(7));

    private final Duration span;

    HistoryRange(Duration span) {
        this.span = span;
    }

    Duration span() {
        return span;
    }

    String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code hour} when absent; a clear error naming the accepted values otherwise. */
    static HistoryRange parse(String text) {
        if (text == null || text.isBlank()) {
            return HOUR;
        }
        return Arrays.stream(values()).filter(r -> r.key().equals(text.trim().toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown history range '" + text + "'; use one of "
                        + Arrays.stream(values()).map(HistoryRange::key).collect(Collectors.joining(", "))));
    }
}
