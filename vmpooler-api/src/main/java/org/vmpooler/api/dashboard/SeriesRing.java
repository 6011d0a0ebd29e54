package org.vmpooler.api.dashboard;

import java.util.ArrayList;
import java.util.List;

/**
 * One history series: the last {@code capacity} (time, value) points, oldest overwritten first, so memory stays
 * bounded however long the process runs. Safe for one writer (the sampler) and many readers (requests).
 */
final class SeriesRing {
    /** One point of a series: epoch seconds and value. */
    record Point(long time, double value) {
    }

    private final long[] times;
    private final double[] values;
    private int next;
    private int size;

    SeriesRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a history series needs room for at least one point, not " + capacity);
        }
        times = new long[capacity];
        values = new double[capacity];
    }

    synchronized void add(long time, double value) {
        times[next] = time;
        values[next] = value;
        next = (next + 1) % times.length;
        size = Math.min(size + 1, times.length);
    }

    /** The points at or after {@code since} (epoch seconds), oldest first. */
    synchronized List<Point> since(long since) {
        List<Point> points = new ArrayList<>(size);
        int oldest = (next - size + times.length) % times.length;
        for (int i = 0; i < size; i++) {
            int at = (oldest + i) % times.length;
            if (times[at] >= since) {
                points.add(new Point(times[at], values[at]));
            }
        }
        return points;
    }
}
