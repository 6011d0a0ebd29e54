package org.vmpooler.observability.prometheus;

/** The Prometheus metric types the reference registers. */
public enum MetricType {
    COUNTER("counter"),
    GAUGE("gauge"),
    HISTOGRAM("histogram");

    final String exposition;

    MetricType(String exposition) {
        this.exposition = exposition;
    }
}
