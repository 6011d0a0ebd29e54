package org.vmpooler.observability.metrics;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;

import org.vmpooler.config.MetricsConfig;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.observability.prometheus.MetricRole;
import org.vmpooler.observability.prometheus.PrometheusMetrics;

/** The configured metrics backend of a process, chosen by the loader from {@code :statsd:}, {@code :graphite:} or {@code :prometheus:}. */
public final class MetricsSink implements AutoCloseable {
    private final Metrics metrics;
    private final PrometheusMetrics prometheus;
    private final AutoCloseable resources;

    private MetricsSink(Metrics metrics, PrometheusMetrics prometheus, AutoCloseable resources) {
        this.metrics = metrics;
        this.prometheus = prometheus;
        this.resources = resources;
    }

    public static MetricsSink open(MetricsConfig config, Set<MetricRole> roles, Clock clock) {
        return switch (config) {
            case MetricsConfig.Statsd statsd -> {
                StatsdMetrics sink = new StatsdMetrics(statsd);
                yield new MetricsSink(sink, null, sink);
            }
            case MetricsConfig.Graphite graphite -> {
                GraphiteMetrics sink = new GraphiteMetrics(graphite, clock);
                yield new MetricsSink(sink, null, sink);
            }
            case MetricsConfig.Prometheus p -> new MetricsSink(null, new PrometheusMetrics(p, roles), () -> { });
            case MetricsConfig.None none -> new MetricsSink(Metrics.none(), null, () -> { });
        };
    }

    public Metrics metrics() {
        return prometheus != null ? prometheus : metrics;
    }

    /** Present when the backend is Prometheus: its registry is to be served on the endpoint. */
    public Optional<PrometheusMetrics> prometheus() {
        return Optional.ofNullable(prometheus);
    }

    @Override
    public void close() {
        try {
            resources.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the metrics sink failed: " + e.getMessage(), e);
        }
    }
}
