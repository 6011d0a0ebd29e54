package org.vmpooler.api.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The history this API process keeps by itself, so the dashboard's graphs need no external service: a fine tier
 * (one point per sample, for the last hours) and a coarse tier (one point per five minutes, for the last week).
 * Series are named {@code ready.<pool>}, {@code running.<pool>}, {@code pending.<pool>}, {@code clone.average}
 * and {@code boot.average}, as the Graphite gauges of the manager are.
 */
final class DashboardHistory {
    static final String CLONE_AVERAGE = "clone.average";
    static final String BOOT_AVERAGE = "boot.average";
    static final Duration COARSE_STEP = Duration.ofMinutes(5);

    private final HistoryTier fine;
    private final HistoryTier coarse;

    DashboardHistory(Duration sampleInterval) {
        fine = new HistoryTier(sampleInterval, HistoryRange.HOURS.span());
        coarse = new HistoryTier(COARSE_STEP, HistoryRange.WEEK.span());
    }

    Duration sampleInterval() {
        return fine.step();
    }

    static String ready(String pool) {
        return "ready." + pool;
    }

    static String running(String pool) {
        return "running." + pool;
    }

    static String pending(String pool) {
        return "pending." + pool;
    }

    /** Every series the dashboard graphs for these pools, in a stable order. */
    static List<String> seriesFor(List<String> pools) {
        List<String> names = new ArrayList<>();
        pools.forEach(pool -> names.addAll(List.of(ready(pool), running(pool), pending(pool))));
        names.add(CLONE_AVERAGE);
        names.add(BOOT_AVERAGE);
        return names;
    }

    void record(Instant time, Map<String, Double> values) {
        fine.record(time.getEpochSecond(), values);
        coarse.record(time.getEpochSecond(), values);
    }

    /** The points of {@code names} over {@code range} before {@code now}, from the finest tier that covers it. */
    Map<String, List<SeriesRing.Point>> read(List<String> names, HistoryRange range, Instant now) {
        HistoryTier tier = range.span().compareTo(fine.span()) <= 0 ? fine : coarse;
        return tier.read(names, now.minus(range.span()).getEpochSecond());
    }

    Duration stepFor(HistoryRange range) {
        return range.span().compareTo(fine.span()) <= 0 ? fine.step() : coarse.step();
    }
}
