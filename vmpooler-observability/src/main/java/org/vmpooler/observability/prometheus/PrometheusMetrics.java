package org.vmpooler.observability.prometheus;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.config.MetricsConfig;
import org.vmpooler.metrics.Metrics;

/**
 * The Prometheus sink: registers the table's metrics for the roles this process runs, each with the constant
 * label {@code vmpooler_instance}, and records the dotted names into them. A name that maps to nothing, or to a
 * metric of another type, is logged once and dropped: recording never fails the caller.
 */
public final class PrometheusMetrics implements Metrics {
    private static final Logger LOG = LoggerFactory.getLogger(PrometheusMetrics.class);
    /** Bounds the memory spent remembering which bad names were already logged. */
    private static final int MAX_REMEMBERED_PROBLEMS = 1000;

    private final MetricsConfig.Prometheus config;
    private final PrometheusRegistry registry;
    private final MetricTable table;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    public PrometheusMetrics(MetricsConfig.Prometheus config, Set<MetricRole> roles) {
        this(config, roles, new PrometheusRegistry());
    }

    public PrometheusMetrics(MetricsConfig.Prometheus config, Set<MetricRole> roles, PrometheusRegistry registry) {
        this.config = config;
        this.registry = registry;
        this.table = new MetricTable(config.metricPrefix());
        Map<String, String> instance = Map.of("vmpooler_instance", config.prefix());
        for (MetricTable.Row row : MetricTable.rows()) {
            if (row.roles().stream().noneMatch(roles::contains)) {
                continue;
            }
            if (row.suffixes().isEmpty()) {
                registry.register(table.metricName(row, null), row.type(), row.help(), row.labels(), instance, row.buckets());
            } else {
                row.suffixes().forEach((suffix, description) -> registry.register(table.metricName(row, suffix),
                        row.type(), row.help() + " " + description, row.labels(), instance, row.buckets()));
            }
        }
        JvmMetrics.register(registry, instance);
    }

    public MetricsConfig.Prometheus config() {
        return config;
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    @Override
    public void increment(String name) {
        record(name, (family, labels) -> family.add(labels, 1));
    }

    @Override
    public void gauge(String name, double value) {
        record(name, (family, labels) -> family.set(labels, value));
    }

    @Override
    public void timing(String name, double value) {
        record(name, (family, labels) -> family.observe(labels, value));
    }

    private interface Recording {
        void apply(MetricFamily family, List<String> labelValues);
    }

    private void record(String name, Recording recording) {
        try {
            MetricTable.Translation translation = table.translate(name).orElse(null);
            MetricFamily family = translation == null ? null : registry.family(translation.metricName()).orElse(null);
            if (family == null) {
                reportOnce(name, "it names no metric registered in this process, or lacks label segments");
                return;
            }
            recording.apply(family, translation.labelValues());
        } catch (RuntimeException e) {
            reportOnce(name, e.getMessage());
        }
    }

    private void reportOnce(String name, String why) {
        if (reported.size() < MAX_REMEMBERED_PROBLEMS && reported.add(name)) {
            LOG.warn("metric '{}' dropped: {}", name, why);
        }
    }
}
