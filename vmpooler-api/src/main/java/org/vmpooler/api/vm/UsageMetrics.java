package org.vmpooler.api.vm;

import java.util.Arrays;
import java.util.LinkedList;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.metrics.Metrics;

/**
 * Per-user usage counters ({@code usage_stats}): {@code user.<user>.<operation>.<pool>}, and for VMs tagged
 * with a Jenkins {@code jenkins_build_url} the Litmus or Jenkins instance / branch / job counters the reference
 * derives from that URL. Dots in names become underscores so they do not add metric path levels.
 */
final class UsageMetrics {
    static final String ALLOCATE = "allocate";
    static final String DESTROY = "destroy";
    private static final Logger LOG = LoggerFactory.getLogger(UsageMetrics.class);
    private static final String BUILD_URL_TAG = "jenkins_build_url";
    private static final String COMPONENT_KEY = "RMM_COMPONENT_TO_TEST_NAME";

    private final Metrics metrics;
    private final boolean enabled;

    UsageMetrics(Metrics metrics, boolean enabled) {
        this.metrics = metrics;
        this.enabled = enabled;
    }

    boolean enabled() {
        return enabled;
    }

    void record(String operation, Optional<String> user, String vm, String pool, Map<String, String> tags) {
        if (!enabled) {
            return;
        }
        String who = user.filter(u -> !u.isEmpty()).map(UsageMetrics::flat).orElse("unauthenticated");
        String poolName = flat(pool);
        metrics.increment("user." + who + "." + operation + "." + poolName);
        String url = tags.get(BUILD_URL_TAG);
        if (url == null || url.isEmpty()) {
            return;
        }
        if (url.contains("litmus")) {
            metrics.increment("usage_litmus." + who + "." + operation + "." + poolName);
            return;
        }
        jenkinsCounters(url, operation, poolName).ifPresentOrElse(names -> names.forEach(metrics::increment),
                () -> LOG.debug("[{}] {}: build URL '{}' is not a Jenkins job URL; no job usage counted", pool, vm, url));
    }

    /** {@code https://<instance>/job/<stream>_<project>_<job...>_<branch>/<k=v,...>/...}. */
    private static Optional<java.util.List<String>> jenkinsCounters(String url, String operation, String pool) {
        String[] parts = url.split("/");
        if (parts.length < 6 || parts[2].isEmpty() || parts[4].isEmpty()) {
            return Optional.empty();
        }
        String instance = flat(parts[2]);
        LinkedList<String> words = new LinkedList<>(Arrays.stream(parts[4].split("_")).map(UsageMetrics::flat).toList());
        String valueStream = words.pollFirst();
        String branch = words.pollLast();
        String project = words.pollFirst();
        String jobName = String.join("_", words);
        String component = component(parts[5]);
        String suffix = "." + operation + "." + pool;
        return Optional.of(java.util.List.of(
                "usage_jenkins_instance." + instance + "." + valueStream + suffix,
                "usage_branch_project." + branch + "." + project + suffix,
                "usage_job_component." + jobName + "." + component + suffix));
    }

    private static String component(String metadata) {
        for (String pair : metadata.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(COMPONENT_KEY)) {
                return flat(pair.substring(eq + 1));
            }
        }
        return "none";
    }

    private static String flat(String name) {
        return name.replace('.', '_');
    }
}
