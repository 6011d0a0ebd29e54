package org.vmpooler.observability.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class MetricTableTest {
    private final MetricTable table = new MetricTable("vmpooler");

    @Test
    void aSuffixedRowTakesTheSecondSegmentIntoTheName() {
        assertThat(table.translate("checkout.success.centos-8")).contains(
                new MetricTable.Translation("vmpooler_checkout_success", List.of("centos-8")));
        assertThat(table.translate("delete.success")).contains(
                new MetricTable.Translation("vmpooler_delete_success", List.of()));
    }

    @Test
    void aSingleLabelKeepsTheRestWholeSoHostNamesSurvive() {
        assertThat(table.translate("migrate_from.host1.example.net")).contains(
                new MetricTable.Translation("vmpooler_migrate_from", List.of("host1.example.net")));
        assertThat(table.translate("vmpooler_health.queue.centos.pending.size")).contains(
                new MetricTable.Translation("vmpooler_vmpooler_health", List.of("queue.centos.pending.size")));
    }

    @Test
    void severalLabelsAreTakenFromTheEnd() {
        assertThat(table.translate("user.jdoe.allocate.centos")).contains(
                new MetricTable.Translation("vmpooler_user", List.of("jdoe", "allocate", "centos")));
        assertThat(table.translate("http_requests_vm_total.post.vm.checkout")).contains(
                new MetricTable.Translation("vmpooler_http_requests_vm_total", List.of("post", "vm", "checkout")));
        assertThat(table.translate("connection_waited.provider_connection_pool.vsphere.extra")).contains(
                new MetricTable.Translation("vmpooler_connection_waited", List.of("vsphere", "extra")));
    }

    @Test
    void unknownNamesSuffixesAndMissingLabelsTranslateToNothing() {
        assertThat(table.translate("no_such_metric.x")).isEmpty();
        assertThat(table.translate("checkout.sideways.centos")).isEmpty();
        assertThat(table.translate("checkout")).isEmpty();
        assertThat(table.translate("ready")).isEmpty();
        assertThat(table.translate("user.allocate.centos")).isEmpty();
    }

    @Test
    void thePrefixIsConfigurable() {
        assertThat(new MetricTable("ci").translate("ready.debian")).contains(
                new MetricTable.Translation("ci_ready", List.of("debian")));
    }
}
