package org.vmpooler.metrics;

/**
 * The reference's metrics interface: dotted names ({@code checkout.success.<pool>}), translated by each sink
 * (StatsD, Graphite, Prometheus). Implementations never throw: a broken sink must not break a request or a
 * manager cycle.
 */
public interface Metrics {

    void increment(String name);

    void gauge(String name, double value);

    /** A duration sample; the unit is the one the reference uses for that name (seconds or milliseconds). */
    void timing(String name, double value);

    /** A sink that drops everything. */
    static Metrics none() {
        return NoMetrics.INSTANCE;
    }
}
