package org.vmpooler.provider;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.vmpooler.metrics.Metrics;

/** Metrics that remember what was emitted: counters summed, the last value of each gauge, all timing names. */
public final class RecordingMetrics implements Metrics {
    private final Map<String, Integer> counters = new ConcurrentHashMap<>();
    private final Map<String, Double> gauges = new ConcurrentHashMap<>();
    private final List<String> timings = new CopyOnWriteArrayList<>();

    @Override
    public void increment(String name) {
        counters.merge(name, 1, Integer::sum);
    }

    @Override
    public void gauge(String name, double value) {
        gauges.put(name, value);
    }

    @Override
    public void timing(String name, double value) {
        timings.add(name);
    }

    public int counter(String name) {
        return counters.getOrDefault(name, 0);
    }

    public Double gauge(String name) {
        return gauges.get(name);
    }

    public List<String> timings() {
        return timings;
    }
}
