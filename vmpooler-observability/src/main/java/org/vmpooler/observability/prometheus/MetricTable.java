package org.vmpooler.observability.prometheus;

import static org.vmpooler.observability.prometheus.MetricRole.API;
import static org.vmpooler.observability.prometheus.MetricRole.MANAGER;
import static org.vmpooler.observability.prometheus.MetricType.COUNTER;
import static org.vmpooler.observability.prometheus.MetricType.GAUGE;
import static org.vmpooler.observability.prometheus.MetricType.HISTOGRAM;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How the reference's dotted names become labelled Prometheus metrics. The first segment picks a row; a row with
 * suffixes takes the second segment as part of the metric name; the remaining segments are the label values.
 * With one label the rest is joined with dots (a host name stays whole); with several they are taken from the
 * end. Rows after the reference's table are this implementation's additions (pending sizes, provider and store
 * call latency, store connection).
 */
public final class MetricTable {
    private static final double[] NONE = {};
    private static final double[] BOOT_SECONDS = {30, 60, 120, 180, 240, 300, 500, 800, 1200, 1600};
    private static final double[] TASK_SECONDS = {10, 20, 30, 40, 50, 60, 120, 180, 240, 300, 600};
    private static final double[] WAIT_MILLIS = {1, 2, 3, 5, 8, 13, 18, 23};
    private static final double[] PROVIDER_MILLIS = {10, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000, 120_000};
    private static final double[] STORE_MILLIS = {0.5, 1, 2, 5, 10, 25, 50, 100, 250, 1000};

    /** One line of the table. */
    public record Row(String key, MetricType type, Set<MetricRole> roles, Map<String, String> suffixes,
                      List<String> labels, String help, double[] buckets) {
    }

    /** A dotted name resolved to its metric and label values. */
    public record Translation(String metricName, List<String> labelValues) {
    }

    private static final List<Row> ROWS = List.of(
            row("errors", COUNTER, MANAGER, List.of("template_name"), "Pool errors by kind:",
                    suffix("markedasfailed", "VMs that never became ready in time"),
                    suffix("duplicatehostname", "generated host names already in use"),
                    suffix("staledns", "generated host names that still had a DNS record")),
            row("user", COUNTER, API, List.of("user", "operation", "poolname"), "VM operations per user"),
            row("usage_litmus", COUNTER, API, List.of("user", "operation", "poolname"), "VM operations by Litmus jobs"),
            row("usage_jenkins_instance", COUNTER, API, List.of("jenkins_instance", "value_stream", "operation", "poolname"),
                    "VM operations per Jenkins instance"),
            row("usage_branch_project", COUNTER, API, List.of("branch", "project", "operation", "poolname"),
                    "VM operations per branch and project"),
            row("usage_job_component", COUNTER, API, List.of("job_name", "component_to_test", "operation", "poolname"),
                    "VM operations per job and component under test"),
            row("checkout", COUNTER, API, List.of("poolname"), "Checkout outcomes:",
                    suffix("nonresponsive", "VMs that did not answer at checkout"),
                    suffix("empty", "requests for an empty pool"),
                    suffix("success", "VMs handed out"),
                    suffix("invalid", "requests for an unknown template")),
            row("delete", COUNTER, API, List.of(), "VM deletion outcomes:",
                    suffix("success", "VMs deleted"), suffix("failed", "VM deletions that failed")),
            row("ondemandrequest_generate", COUNTER, API, List.of(), "On-demand request creation:",
                    suffix("duplicaterequests", "requests with an id already in use"),
                    suffix("success", "requests accepted")),
            row("ondemandrequest_fail", COUNTER, API, List.of("poolname"), "On-demand request failures:",
                    suffix("toomanyrequests", "requests above the per-request limit"),
                    suffix("invalid", "requests for an unknown template")),
            row("config", COUNTER, API, List.of("poolname"), "Pool configuration requests:",
                    suffix("invalid", "requests naming an unknown pool or a bad value")),
            row("poolreset", COUNTER, API, List.of("poolname"), "Pool reset requests:",
                    suffix("invalid", "requests naming an unknown pool")),
            row("connect", COUNTER, MANAGER, List.of(), "Provider connections:",
                    suffix("open", "connections opened"), suffix("fail", "connections that failed")),
            row("migrate_from", COUNTER, MANAGER, List.of("host_name"), "VMs migrated away from a host"),
            row("migrate_to", COUNTER, MANAGER, List.of("host_name"), "VMs migrated onto a host"),
            row("http_requests_vm_total", COUNTER, API, List.of("method", "subpath", "operation"),
                    "Requests per operation on the /vm and /ondemandvm routes"),
            row("ready", GAUGE, MANAGER, List.of("poolname"), "VMs ready in a pool"),
            row("running", GAUGE, MANAGER, List.of("poolname"), "VMs checked out from a pool"),
            row("connection_available", GAUGE, MANAGER, List.of("type", "provider"), "Free connections in a connection pool"),
            histogram("time_to_ready_state", List.of("poolname"), "Seconds from the start of a clone to the VM being ready",
                    BOOT_SECONDS),
            histogram("migrate", List.of("poolname"), "Seconds taken to migrate a VM", TASK_SECONDS),
            histogram("clone", List.of("poolname"), "Seconds taken by the provider to clone a VM", TASK_SECONDS),
            histogram("destroy", List.of("poolname"), "Seconds taken by the provider to destroy a VM", TASK_SECONDS),
            new Row("connection_waited", HISTOGRAM, EnumSet.of(MANAGER), Map.of(), List.of("type", "provider"),
                    "Milliseconds waited for a connection from a connection pool", WAIT_MILLIS),
            row("vmpooler_health", GAUGE, MANAGER, List.of("metric_path"), "Queue health check values"),
            row("vmpooler_purge", GAUGE, MANAGER, List.of("metric_path"), "Stale queue entry purge statistics"),
            row("vmpooler_destroy", GAUGE, MANAGER, List.of("poolname"), "Seconds the last VM destroy took"),
            row("vmpooler_clone", GAUGE, MANAGER, List.of("poolname"), "Seconds the last VM clone took"),
            row("circuit_breaker", GAUGE, MANAGER, List.of("metric_path"),
                    "Provider circuit breaker state (closed 0, half-open 0.5, open 1), failures and transitions"),
            row("connection_pool", GAUGE, MANAGER, List.of("metric_path"), "Provider connection pool health"),
            row("adaptive_timeout", GAUGE, MANAGER, List.of("metric_path"), "Adaptive provider timeout statistics"),
            row("vmpooler_performance", GAUGE, MANAGER, List.of("metric_path"), "Seconds taken by manager checks"),
            row("vmpooler_dlq", COUNTER, MANAGER, List.of("metric_path"), "Entries written to dead-letter queues"),
            row("vmpooler_errors", COUNTER, MANAGER, List.of("metric_path"), "Manager errors by kind and pool"),
            // Additions: what an operator needs and the reference does not expose.
            row("pending", GAUGE, MANAGER, List.of("poolname"), "VMs being cloned or booted for a pool"),
            row("manager_pools", GAUGE, MANAGER, List.of("manager"), "Pools whose lease this manager holds"),
            row("manager_lease", COUNTER, MANAGER, List.of("metric_path"),
                    "Pool leases this manager took, handed over at a rebalance, and lost to another manager"),
            new Row("provider_call", HISTOGRAM, EnumSet.of(MANAGER), Map.of(), List.of("method", "provider"),
                    "Milliseconds taken by provider calls", PROVIDER_MILLIS),
            row("provider_call_failed", COUNTER, MANAGER, List.of("method", "provider"), "Provider calls that failed"),
            row("provider_call_timed_out", COUNTER, MANAGER, List.of("method", "provider"),
                    "Provider calls given up at their deadline"),
            row("provider_connection", COUNTER, MANAGER, List.of("metric_path"),
                    "Platform connections or sessions a provider opened, and lost (vCenter, libvirtd)"),
            new Row("store_call", HISTOGRAM, EnumSet.of(API, MANAGER), Map.of(), List.of("operation"),
                    "Milliseconds taken by store operations", STORE_MILLIS),
            new Row("store_call_failed", COUNTER, EnumSet.of(API, MANAGER), Map.of(), List.of("operation"),
                    "Store operations that failed", NONE),
            new Row("build_info", GAUGE, EnumSet.of(API, MANAGER), Map.of(), List.of("version"),
                    "Always 1, labelled with the version of vmpooler running", NONE),
            new Row("store_connection", GAUGE, EnumSet.of(API, MANAGER), Map.of(), List.of("metric_path"),
                    "Store connection: connected (1 or 0), losses and recoveries since start", NONE));

    private static final Map<String, Row> BY_KEY = index();

    private final String prefix;

    /** {@code prefix} is the reference's {@code prometheus_prefix}, prepended to every metric name. */
    public MetricTable(String prefix) {
        this.prefix = prefix;
    }

    public static List<Row> rows() {
        return ROWS;
    }

    /** The metric name of a row, or of one of its suffixes. */
    public String metricName(Row row, String suffix) {
        return prefix + "_" + row.key() + (suffix == null ? "" : "_" + suffix);
    }

    /** The Prometheus metric and label values for a dotted name; empty for a name no row knows. */
    public Optional<Translation> translate(String dotted) {
        List<String> segments = Arrays.asList(dotted.split("\\.", -1));
        Row row = BY_KEY.get(segments.getFirst());
        if (row == null) {
            return Optional.empty();
        }
        int next = 1;
        String suffix = null;
        if (!row.suffixes().isEmpty()) {
            if (segments.size() < 2 || !row.suffixes().containsKey(segments.get(1))) {
                return Optional.empty();
            }
            suffix = segments.get(1);
            next = 2;
        }
        List<String> rest = segments.subList(next, segments.size());
        List<String> labels = row.labels();
        List<String> values;
        if (labels.isEmpty()) {
            values = List.of();
        } else if (labels.size() == 1) {
            if (rest.isEmpty()) {
                return Optional.empty();
            }
            values = List.of(String.join(".", rest));
        } else {
            if (rest.size() < labels.size()) {
                return Optional.empty();
            }
            values = new ArrayList<>(rest.subList(rest.size() - labels.size(), rest.size()));
        }
        return Optional.of(new Translation(metricName(row, suffix), values));
    }

    @SafeVarargs
    private static Row row(String key, MetricType type, MetricRole role, List<String> labels, String help,
                           Map.Entry<String, String>... suffixes) {
        Map<String, String> bySuffix = new LinkedHashMap<>();
        for (Map.Entry<String, String> suffix : suffixes) {
            bySuffix.put(suffix.getKey(), suffix.getValue());
        }
        return new Row(key, type, EnumSet.of(role), bySuffix, labels, help, NONE);
    }

    private static Row histogram(String key, List<String> labels, String help, double[] buckets) {
        return new Row(key, HISTOGRAM, EnumSet.of(MANAGER), Map.of(), labels, help, buckets);
    }

    private static Map.Entry<String, String> suffix(String name, String description) {
        return Map.entry(name, description);
    }

    private static Map<String, Row> index() {
        Map<String, Row> byKey = new LinkedHashMap<>();
        for (Row row : ROWS) {
            byKey.put(row.key(), row);
        }
        return byKey;
    }
}
