package org.vmpooler.observability.prometheus;

/** Which process part records a metric; a process registers only the metrics of the roles it runs. */
public enum MetricRole {
    API,
    MANAGER
}
