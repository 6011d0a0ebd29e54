package org.vmpooler.config;

/**
 * The one metrics sink, chosen as the reference does: {@code :statsd:} if present, else {@code :graphite:},
 * else {@code :prometheus:}, else none.
 */
public sealed interface MetricsConfig {

    record Statsd(String server, int port, String prefix) implements MetricsConfig {
    }

    record Graphite(String server, int port, String prefix) implements MetricsConfig {
    }

    /** {@code prefix} becomes the {@code vmpooler_instance} label; {@code metricPrefix} prefixes metric names. */
    record Prometheus(String prefix, String metricPrefix, String endpoint) implements MetricsConfig {
    }

    record None() implements MetricsConfig {
    }
}
