package org.vmpooler.observability.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.vmpooler.config.MetricsConfig;

class PrometheusMetricsTest {
    private static final MetricsConfig.Prometheus CONFIG = new MetricsConfig.Prometheus("vmpooler", "vmpooler", "/prometheus");

    private final PrometheusMetrics both = new PrometheusMetrics(CONFIG, EnumSet.allOf(MetricRole.class));

    @Test
    void countersKeepTheReferenceNameAndCarryTheInstanceLabel() {
        both.increment("checkout.success.centos-8");
        both.increment("checkout.success.centos-8");
        both.increment("delete.success");

        String text = both.registry().scrape();
        assertThat(text).contains("# TYPE vmpooler_checkout_success counter\n")
                .contains("vmpooler_checkout_success{poolname=\"centos-8\",vmpooler_instance=\"vmpooler\"} 2.0\n")
                .contains("vmpooler_delete_success{vmpooler_instance=\"vmpooler\"} 1.0\n")
                .doesNotContain("vmpooler_checkout_success_total");
    }

    @Test
    void gaugesAreSetAndTimingsFillHistogramBucketsCumulatively() {
        both.gauge("ready.debian", 4);
        both.gauge("ready.debian", 3);
        both.timing("time_to_ready_state.debian", 45);
        both.timing("time_to_ready_state.debian", 100);
        both.timing("time_to_ready_state.debian", 5000);

        String text = both.registry().scrape();
        assertThat(text).contains("vmpooler_ready{poolname=\"debian\",vmpooler_instance=\"vmpooler\"} 3.0\n")
                .contains("# TYPE vmpooler_time_to_ready_state histogram\n")
                .contains("vmpooler_time_to_ready_state_bucket{poolname=\"debian\",vmpooler_instance=\"vmpooler\",le=\"30\"} 0.0\n")
                .contains("vmpooler_time_to_ready_state_bucket{poolname=\"debian\",vmpooler_instance=\"vmpooler\",le=\"60\"} 1.0\n")
                .contains("vmpooler_time_to_ready_state_bucket{poolname=\"debian\",vmpooler_instance=\"vmpooler\",le=\"120\"} 2.0\n")
                .contains("vmpooler_time_to_ready_state_bucket{poolname=\"debian\",vmpooler_instance=\"vmpooler\",le=\"1600\"} 2.0\n")
                .contains("vmpooler_time_to_ready_state_bucket{poolname=\"debian\",vmpooler_instance=\"vmpooler\",le=\"+Inf\"} 3.0\n")
                .contains("vmpooler_time_to_ready_state_sum{poolname=\"debian\",vmpooler_instance=\"vmpooler\"} 5145.0\n")
                .contains("vmpooler_time_to_ready_state_count{poolname=\"debian\",vmpooler_instance=\"vmpooler\"} 3.0\n");
    }

    @Test
    void eachScrapeReadsTheHeapAndCatchesUpWithTheJvmsCollections() {
        String first = both.registry().scrape();
        assertThat(first).containsPattern("\njvm_memory_bytes_used\\{area=\"heap\",vmpooler_instance=\"vmpooler\"} [1-9]")
                .containsPattern("\njvm_memory_bytes_max\\{area=\"heap\",vmpooler_instance=\"vmpooler\"} [1-9]")
                .contains("# TYPE jvm_gc_collection_seconds_count counter\n");
        double before = collections();

        System.gc();
        both.registry().scrape();

        assertThat(collections()).isGreaterThan(before);
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            assertThat(family("jvm_gc_collection_seconds_count").value(List.of(gc.getName())))
                    .as("the counter is the JVM's running total for %s", gc.getName())
                    .isLessThanOrEqualTo(gc.getCollectionCount());
        }
    }

    private double collections() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToDouble(gc -> family("jvm_gc_collection_seconds_count").value(List.of(gc.getName()))).sum();
    }

    private MetricFamily family(String name) {
        return both.registry().family(name).orElseThrow();
    }

    @Test
    void theReferencesDoubledPrefixIsKeptForItsVmpoolerRows() {
        both.increment("vmpooler_errors.markedasfailed.debian");
        both.gauge("circuit_breaker.state.vsphere", 0.5);

        assertThat(both.registry().scrape())
                .contains("vmpooler_vmpooler_errors{metric_path=\"markedasfailed.debian\",vmpooler_instance=\"vmpooler\"} 1.0\n")
                .contains("vmpooler_circuit_breaker{metric_path=\"state.vsphere\",vmpooler_instance=\"vmpooler\"} 0.5\n");
    }

    @Test
    void onlyTheMetricsOfTheProcessRolesAreRegistered() {
        PrometheusMetrics api = new PrometheusMetrics(CONFIG, EnumSet.of(MetricRole.API));
        api.gauge("ready.debian", 1);
        api.increment("checkout.empty.debian");

        String text = api.registry().scrape();
        assertThat(text).doesNotContain("vmpooler_ready").contains("vmpooler_checkout_empty{")
                .contains("# TYPE vmpooler_store_call histogram");
    }

    @Test
    void prefixesNameTheMetricsAndTheInstance() {
        PrometheusMetrics metrics = new PrometheusMetrics(new MetricsConfig.Prometheus("staging", "ci", "/metrics"),
                EnumSet.of(MetricRole.MANAGER));
        metrics.gauge("running.debian", 2);

        assertThat(metrics.registry().scrape()).contains("ci_running{poolname=\"debian\",vmpooler_instance=\"staging\"} 2.0\n");
    }

    @Test
    void badNamesWrongKindsAndOddLabelValuesNeverFailTheCaller() {
        both.increment("no_such.metric");
        both.timing("ready.debian", 3);
        both.increment("ready");
        both.increment("checkout.success.we\"ird\\pool");

        String text = both.registry().scrape();
        assertThat(text).doesNotContain("no_such").contains("poolname=\"we\\\"ird\\\\pool\"");
        assertThat(both.registry().family("vmpooler_ready").orElseThrow().value(List.of("debian"))).isZero();
    }

    @Test
    void familiesWithoutSamplesStillDescribeThemselves() {
        assertThat(both.registry().scrape()).contains("# HELP vmpooler_checkout_nonresponsive Checkout outcomes: ")
                .contains("# TYPE vmpooler_connect_fail counter\n");
    }

    @Test
    void aGaugeCanBeIncrementedAsTheReferenceClientAllows() {
        both.increment("circuit_breaker.opened.vsphere");
        both.increment("circuit_breaker.opened.vsphere");

        assertThat(both.registry().family("vmpooler_circuit_breaker").orElseThrow().value(List.of("opened.vsphere")))
                .isEqualTo(2.0);
    }
}
