package org.vmpooler.api.summary;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Running totals of clone or boot times: count, sum, smallest and largest, overall and per pool. Days are
 * summarised with it and so are ranges (by merging days), so a range's averages are true averages over all its
 * VMs — the reference averaged the daily extremes and left out the range's own min, max and average.
 */
final class DurationStats {
    private long count;
    private double total;
    private double min = Double.NaN;
    private double max = Double.NaN;
    private final Map<String, DurationStats> pools = new TreeMap<>();

    void add(String pool, double seconds) {
        addOwn(seconds);
        pools.computeIfAbsent(pool, p -> new DurationStats()).addOwn(seconds);
    }

    void merge(DurationStats other) {
        mergeOwn(other);
        other.pools.forEach((pool, stats) -> pools.computeIfAbsent(pool, p -> new DurationStats()).mergeOwn(stats));
    }

    /** {@code {"duration": {average, min, max, total, pool}, "count": {total, pool}}}. */
    Map<String, Object> render() {
        Map<String, Object> duration = durationOf(this);
        Map<String, Object> durationByPool = new LinkedHashMap<>();
        Map<String, Object> countByPool = new LinkedHashMap<>();
        pools.forEach((pool, stats) -> {
            durationByPool.put(pool, durationOf(stats));
            countByPool.put(pool, Map.of("total", stats.count));
        });
        duration.put("pool", durationByPool);
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("total", count);
        counts.put("pool", countByPool);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("duration", duration);
        body.put("count", counts);
        return body;
    }

    private void addOwn(double seconds) {
        count++;
        total += seconds;
        min = Double.isNaN(min) ? seconds : Math.min(min, seconds);
        max = Double.isNaN(max) ? seconds : Math.max(max, seconds);
    }

    private void mergeOwn(DurationStats other) {
        if (other.count == 0) {
            return;
        }
        count += other.count;
        total += other.total;
        min = Double.isNaN(min) ? other.min : Math.min(min, other.min);
        max = Double.isNaN(max) ? other.max : Math.max(max, other.max);
    }

    private static Map<String, Object> durationOf(DurationStats stats) {
        Map<String, Object> duration = new LinkedHashMap<>();
        boolean empty = stats.count == 0;
        duration.put("average", empty ? 0 : round(stats.total / stats.count, 1));
        duration.put("min", empty ? 0 : stats.min);
        duration.put("max", empty ? 0 : stats.max);
        duration.put("total", empty ? 0 : round(stats.total, 2));
        return duration;
    }

    private static double round(double value, int decimals) {
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
    }
}
