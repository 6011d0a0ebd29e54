package org.vmpooler.bench;

import java.util.Arrays;
import java.util.List;

/** Latency samples in nanoseconds, summarised as percentiles in milliseconds. */
final class LatencyStats {
    private final long[] sorted;

    LatencyStats(long[] nanos) {
        this.sorted = nanos.clone();
        Arrays.sort(sorted);
    }

    /** All the samples of several measurements. */
    static LatencyStats pooled(List<LatencyStats> parts) {
        return new LatencyStats(parts.stream().flatMapToLong(part -> Arrays.stream(part.sorted)).toArray());
    }

    int count() {
        return sorted.length;
    }

    /** The p-th percentile (0..100) in milliseconds: the smallest sample with at least p% at or below it. */
    double percentileMillis(double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(sorted.length * p / 100.0) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))] / 1e6;
    }
}
