package org.vmpooler.domain;

import java.util.Collection;
import java.util.OptionalDouble;

/**
 * A day's clone or boot durations in seconds, summed up: how many, their total, the shortest and the longest.
 * {@code /status} and the dashboard need no more, and reading every duration of a busy day took Redis tens of
 * milliseconds, during which every other command waited.
 */
public record DurationSummary(long count, double total, double min, double max) {
    public static final DurationSummary EMPTY = new DurationSummary(0, 0, 0, 0);

    public static DurationSummary of(Collection<Double> seconds) {
        if (seconds.isEmpty()) {
            return EMPTY;
        }
        double total = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double s : seconds) {
            total += s;
            min = Math.min(min, s);
            max = Math.max(max, s);
        }
        return new DurationSummary(seconds.size(), total, min, max);
    }

    /** The mean; empty before the day's first duration. */
    public OptionalDouble average() {
        return count == 0 ? OptionalDouble.empty() : OptionalDouble.of(total / count);
    }
}
