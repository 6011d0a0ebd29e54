package org.vmpooler.api.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.vmpooler.metrics.Metrics;

/** Remembers every counter incremented, in order. */
public final class RecordingMetrics implements Metrics {
    private final List<String> increments = new CopyOnWriteArrayList<>();

    @Override
    public void increment(String name) {
        increments.add(name);
    }

    @Override
    public void gauge(String name, double value) {
    }

    @Override
    public void timing(String name, double value) {
    }

    public List<String> increments() {
        return List.copyOf(increments);
    }
}
