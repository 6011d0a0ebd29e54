package org.vmpooler.observability.prometheus;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Map;

/**
 * The process's heap and garbage collections, read from the JVM at each scrape: a checkout waits for every pause,
 * so an operator graphing latency needs these beside it. Named as Prometheus's Java client names them
 * ({@code jvm_memory_bytes_used{area}}, {@code jvm_gc_collection_seconds_count/_sum{gc}}), so JVM dashboards
 * built on that client work; the collection series are counters here rather than a summary.
 */
final class JvmMetrics {
    private final MetricFamily used;
    private final MetricFamily committed;
    private final MetricFamily max;
    private final MetricFamily collections;
    private final MetricFamily collectionSeconds;

    private JvmMetrics(PrometheusRegistry registry, Map<String, String> constantLabels) {
        List<String> area = List.of("area");
        List<String> gc = List.of("gc");
        double[] none = {};
        used = registry.register("jvm_memory_bytes_used", MetricType.GAUGE,
                "Used bytes of the JVM's heap or non-heap memory", area, constantLabels, none);
        committed = registry.register("jvm_memory_bytes_committed", MetricType.GAUGE,
                "Bytes the JVM has reserved from the system for its heap or non-heap memory", area, constantLabels, none);
        max = registry.register("jvm_memory_bytes_max", MetricType.GAUGE,
                "Most bytes the JVM's heap or non-heap memory may grow to", area, constantLabels, none);
        collections = registry.register("jvm_gc_collection_seconds_count", MetricType.COUNTER,
                "Collections (or, for a collector reporting pauses and cycles apart, pauses or cycles) per collector",
                gc, constantLabels, none);
        collectionSeconds = registry.register("jvm_gc_collection_seconds_sum", MetricType.COUNTER,
                "Seconds spent per collector; for ZGC the Pauses series stop the process, the Cycles series run beside it",
                gc, constantLabels, none);
    }

    /** Registers the JVM's families on {@code registry}, refreshed before each scrape. */
    static void register(PrometheusRegistry registry, Map<String, String> constantLabels) {
        registry.beforeScrape(new JvmMetrics(registry, constantLabels)::refresh);
    }

    // Synchronized: two scrapes at once would otherwise both add the same collections to the counters.
    private synchronized void refresh() {
        record("heap", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage());
        record("nonheap", ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage());
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            List<String> labels = List.of(collector.getName());
            catchUp(collections, labels, collector.getCollectionCount());
            catchUp(collectionSeconds, labels, collector.getCollectionTime() / 1000.0);
        }
    }

    private void record(String area, MemoryUsage usage) {
        List<String> labels = List.of(area);
        used.set(labels, usage.getUsed());
        committed.set(labels, usage.getCommitted());
        if (usage.getMax() >= 0) { // -1: no limit
            max.set(labels, usage.getMax());
        }
    }

    /** Brings a counter up to the JVM's running total (the JVM answers -1 when it does not keep one). */
    private static void catchUp(MetricFamily counter, List<String> labels, double total) {
        double behind = total - counter.value(labels);
        if (behind > 0) {
            counter.add(labels, behind);
        }
    }
}
