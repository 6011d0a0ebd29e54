package org.vmpooler.manager.testkit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.vmpooler.metrics.Metrics;

/** Remembers the names of every metric emitted. */
public final class RecordingMetrics implements Metrics {

    private final List<String> increments = new CopyOnWriteArrayList<>();
    private final List<String> gauges = new CopyOnWriteArrayList<>();
    private final List<String> timings = new CopyOnWriteArrayList<>();

    @Override
    public void increment(String name) {
        increments.add(name);
    }

    @Override
    public void gauge(String name, double value) {
        gauges.add(name);
    }

    @Override
    public void timing(String name, double value) {
        timings.add(name);
    }

    public long increments(String name) {
        return increments.stream().filter(name::equals).count();
    }

    public List<String> gauges() {
        return List.copyOf(gauges);
    }

    public List<String> timings() {
        return List.copyOf(timings);
    }
}
