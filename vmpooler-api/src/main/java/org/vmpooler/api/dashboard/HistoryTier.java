package org.vmpooler.api.dashboard;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every series at one resolution: a point at most every {@code step}, kept for {@code span}. A sample that falls
 * in the same step as the last one recorded is skipped, so a fine sampler can feed a coarse tier.
 */
final class HistoryTier {
    private final Duration step;
    private final int capacity;
    private final Map<String, SeriesRing> series = new ConcurrentHashMap<>();
    private long lastStep = Long.MIN_VALUE;

    HistoryTier(Duration step, Duration span) {
        if (step.toSeconds() < 1 || span.compareTo(step) < 0) {
            throw new IllegalArgumentException("a history tier needs a step of at least a second, no longer than its span, not "
                    + step + " over " + span);
        }
        this.step = step;
        this.capacity = Math.toIntExact(span.dividedBy(step));
    }

    Duration step() {
        return step;
    }

    Duration span() {
        return step.multipliedBy(capacity);
    }

    /** Records one value per series at {@code time} (epoch seconds), unless this step already has its point. */
    synchronized void record(long time, Map<String, Double> values) {
        long stepOf = Math.floorDiv(time, step.toSeconds());
        if (stepOf == lastStep) {
            return;
        }
        lastStep = stepOf;
        values.forEach((name, value) -> series.computeIfAbsent(name, n -> new SeriesRing(capacity)).add(time, value));
    }

    /** Series name → its points at or after {@code since}, in {@code names} order; absent series are empty. */
    Map<String, List<SeriesRing.Point>> read(List<String> names, long since) {
        Map<String, List<SeriesRing.Point>> read = new LinkedHashMap<>();
        for (String name : names) {
            SeriesRing ring = series.get(name);
            read.put(name, ring == null ? List.of() : ring.since(since));
        }
        return read;
    }
}
