package org.vmpooler.config;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Chooses the metrics sink as the reference does ({@code :statsd:} &gt; {@code :graphite:} &gt;
 * {@code :prometheus:} &gt; none) and reads the dashboard's Graphite-web server ({@code :graphs:}, else
 * {@code :graphite:}).
 */
final class MetricsConfigReader {
    private static final Set<String> STATSD_KEYS = Set.of("server", "port", "prefix");
    private static final Set<String> PROMETHEUS_KEYS = Set.of("prefix", "prometheus_prefix", "prometheus_endpoint");
    private static final Set<String> GRAPHS_KEYS = Set.of("server", "prefix");
    private static final String DEFAULT_PREFIX = "vmpooler";

    private MetricsConfigReader() {
    }

    static MetricsConfig metrics(Settings document, ConfigProblems problems) {
        if (document.has("statsd")) {
            SectionReader statsd = new SectionReader(SectionReader.topLevel(document, "statsd"), problems)
                    .warnUnknownKeys(STATSD_KEYS);
            return new MetricsConfig.Statsd(statsd.required("server"), port(statsd, 8125),
                    statsd.settings().string("prefix", DEFAULT_PREFIX));
        }
        if (document.has("graphite")) {
            SectionReader graphite = new SectionReader(SectionReader.topLevel(document, "graphite"), problems)
                    .warnUnknownKeys(STATSD_KEYS);
            return new MetricsConfig.Graphite(graphite.required("server"), port(graphite, 2003),
                    graphite.settings().string("prefix", DEFAULT_PREFIX));
        }
        if (document.has("prometheus")) {
            Settings prometheus = new SectionReader(SectionReader.topLevel(document, "prometheus"), problems)
                    .warnUnknownKeys(PROMETHEUS_KEYS).settings();
            String endpoint = prometheus.string("prometheus_endpoint", "/prometheus");
            if (!endpoint.startsWith("/")) {
                throw prometheus.invalid("prometheus_endpoint", endpoint, "a path starting with /");
            }
            return new MetricsConfig.Prometheus(prometheus.string("prefix", DEFAULT_PREFIX),
                    prometheus.string("prometheus_prefix", DEFAULT_PREFIX), endpoint);
        }
        return new MetricsConfig.None();
    }

    static Optional<GraphsConfig> graphs(Settings document, ConfigProblems problems) {
        new SectionReader(SectionReader.topLevel(document, "graphs"), problems).warnUnknownKeys(GRAPHS_KEYS);
        return Stream.of("graphs", "graphite").map(name -> SectionReader.topLevel(document, name))
                .filter(section -> section.has("server")).findFirst()
                .map(section -> new GraphsConfig(section.string("server").orElseThrow(),
                        section.string("prefix", DEFAULT_PREFIX)));
    }

    private static int port(SectionReader section, int fallback) {
        int port = section.count("port", fallback);
        if (port < 1 || port > 65_535) {
            throw section.settings().invalid("port", port, "a port between 1 and 65535");
        }
        return port;
    }
}
