package org.vmpooler.manager;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vmpooler.dns.RecordingDnsPluginFactory.RecordingDnsPlugin;
import org.vmpooler.domain.VmRecord.Field;
import org.vmpooler.domain.VmState;
import org.vmpooler.manager.testkit.ManagerHarness;
import org.vmpooler.manager.testkit.TestConfig;
import org.vmpooler.store.InMemoryStore;

/** A DNS server that refuses or does not answer costs no VM: the manager fills its pools and catches up later. */
class DnsOutageTest {

    private final RecordingDnsPlugin zone = new RecordingDnsPlugin("example", "example.com");
    private ManagerHarness h;

    @BeforeEach
    void start() {
        h = new ManagerHarness(new TestConfig().dnsClass("recording").pool("centos", 2).pool("debian", 1).build(),
                InMemoryStore::new, fqdn -> false, zone);
    }

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void clonesSucceedWhileTheServerIsDownAndTheirRecordsFollowWhenItIsBack() {
        zone.refuse = true;
        h.cycle("centos");
        h.cycle("debian");

        assertThat(h.count("centos", VmState.PENDING)).isEqualTo(2);
        assertThat(h.count("debian", VmState.PENDING)).isEqualTo(1);
        assertThat(h.store.vm(h.only("debian", VmState.PENDING)).orElseThrow().field(Field.CLONE_ERROR)).isEmpty();
        assertThat(zone.records()).isEmpty();
        assertThat(h.manager.dnsChangesWaiting()).isEqualTo(3);
        assertThat(h.metrics.increments("vmpooler_errors.dns_update_failed.centos")).isEqualTo(1);

        zone.refuse = false;
        assertThat(h.manager.runDnsRetries()).as("not due before the retry delay").isZero();
        h.advance(DnsRecords.DEFAULT_RETRY_MIN);
        assertThat(h.manager.runDnsRetries()).isEqualTo(3);

        assertThat(zone.records()).isEqualTo(expectedRecords("centos", "debian"));
        assertThat(h.manager.dnsChangesWaiting()).isZero();
    }

    @Test
    void aVmDestroyedWhileTheServerIsDownLosesItsRecordWhenItIsBack() {
        h.cycle("debian");
        String vm = h.only("debian", VmState.PENDING);
        assertThat(zone.records()).containsOnlyKeys(vm + ".example.com");

        zone.refuse = true;
        h.store.move("debian", vm, VmState.PENDING, VmState.COMPLETED);
        h.cycle("debian");
        assertThat(h.provider.destroyed).contains(vm);
        assertThat(h.count("debian", VmState.COMPLETED)).isZero();
        String replacement = h.only("debian", VmState.PENDING);

        zone.refuse = false;
        h.advance(DnsRecords.DEFAULT_RETRY_MIN);
        h.manager.runDnsRetries();

        assertThat(zone.records()).containsOnlyKeys(replacement + ".example.com");
    }

    @Test
    void aVmMadeAndDestroyedDuringTheOutageLeavesNoRecord() {
        zone.refuse = true;
        h.cycle("debian");
        String vm = h.only("debian", VmState.PENDING);
        h.store.move("debian", vm, VmState.PENDING, VmState.COMPLETED);
        h.cycle("debian");
        String replacement = h.only("debian", VmState.PENDING);
        assertThat(h.manager.dnsChangesWaiting()).as("the delete replaced the create of the same name").isEqualTo(2);

        zone.refuse = false;
        h.advance(DnsRecords.DEFAULT_RETRY_MIN);
        h.manager.runDnsRetries();

        assertThat(zone.records()).containsOnlyKeys(replacement + ".example.com");
    }

    @Test
    void retriesWaitLongerEachTime() {
        zone.refuse = true;
        h.cycle("debian");
        h.advance(DnsRecords.DEFAULT_RETRY_MIN);
        assertThat(h.manager.runDnsRetries()).isZero();
        assertThat(h.metrics.increments("vmpooler_errors.dns_update_failed.debian")).isEqualTo(2);

        zone.refuse = false;
        h.advance(DnsRecords.DEFAULT_RETRY_MIN);
        assertThat(h.manager.runDnsRetries()).as("the second retry waits twice as long").isZero();
        h.advance(DnsRecords.DEFAULT_RETRY_MIN);
        assertThat(h.manager.runDnsRetries()).isEqualTo(1);
        assertThat(zone.records()).hasSize(1);
    }

    private Map<String, String> expectedRecords(String... pools) {
        Map<String, String> expected = new LinkedHashMap<>();
        for (String pool : pools) {
            for (String vm : h.store.vms(pool, VmState.PENDING)) {
                expected.put(vm + ".example.com", h.store.vm(vm).orElseThrow().field(Field.IP).orElseThrow());
            }
        }
        return expected;
    }
}
