package org.vmpooler.observability.prometheus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The metrics one process exposes on its Prometheus endpoint.
 *
 * <p>Written here rather than taken from the Prometheus Java client because that client always exposes a counter
 * as {@code <name>_total}; the reference's Ruby client exposes the registered name as it is
 * ({@code vmpooler_checkout_success}), and dashboards built on it must keep working.
 */
public final class PrometheusRegistry {
    private final Map<String, MetricFamily> byName = new ConcurrentHashMap<>();
    private final List<MetricFamily> ordered = new CopyOnWriteArrayList<>();
    private final List<Runnable> beforeScrape = new CopyOnWriteArrayList<>();

    public MetricFamily register(String name, MetricType type, String help, List<String> labelNames,
                                 Map<String, String> constantLabels, double[] buckets) {
        if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
            throw new IllegalArgumentException("'" + name + "' is not a valid Prometheus metric name");
        }
        MetricFamily family = new MetricFamily(name, type, help, labelNames, constantLabels, buckets);
        if (byName.putIfAbsent(name, family) != null) {
            throw new IllegalArgumentException("metric " + name + " is already registered");
        }
        ordered.add(family);
        return family;
    }

    /** Runs {@code refresh} before each scrape, for families that mirror a value kept elsewhere (the JVM's). */
    public void beforeScrape(Runnable refresh) {
        beforeScrape.add(refresh);
    }

    public Optional<MetricFamily> family(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Every family in the text exposition format 0.0.4, in registration order. */
    public String scrape() {
        beforeScrape.forEach(Runnable::run);
        StringBuilder out = new StringBuilder(8192);
        for (MetricFamily family : new ArrayList<>(ordered)) {
            family.writeTo(out);
        }
        return out.toString();
    }
}
