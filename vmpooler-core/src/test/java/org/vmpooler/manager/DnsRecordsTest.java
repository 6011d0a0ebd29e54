package org.vmpooler.manager;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.vmpooler.dns.RecordingDnsPluginFactory.RecordingDnsPlugin;
import org.vmpooler.domain.VmRecord;
import org.vmpooler.domain.VmRecord.Field;
import org.vmpooler.manager.testkit.RecordingMetrics;
import org.vmpooler.manager.testkit.TestConfig;
import org.vmpooler.store.VmQueues;

/** What a DNS change costs the store: the manager destroys thousands of VMs a day, most in dynamic-DNS pools. */
class DnsRecordsTest {

    private final List<String> storeCalls = new ArrayList<>();

    /** A store that answers every VM record with an IP and notes each call. */
    private final VmQueues store = (VmQueues) Proxy.newProxyInstance(VmQueues.class.getClassLoader(),
            new Class<?>[] {VmQueues.class}, (proxy, method, args) -> {
                storeCalls.add(method.getName());
                if (method.getName().equals("vm")) {
                    return Optional.of(new VmRecord((String) args[0], Map.of(Field.IP, "10.0.0.7")));
                }
                throw new UnsupportedOperationException(method.getName());
            });

    @Test
    void deletingTheRecordOfAVmInAPoolWithoutDnsPluginNeverReadsTheStore() {
        DnsRecords dns = new DnsRecords(DnsLookup.none(), new TestConfig().pool("centos", 1).build(), store,
                Clock.systemUTC(), new RecordingMetrics());

        dns.delete("centos", "vm-1");

        assertThat(storeCalls).isEmpty();
    }

    @Test
    void deletingTheRecordOfAVmInAPoolWithAPluginTakesItsAddressFromTheStore() {
        RecordingDnsPlugin zone = new RecordingDnsPlugin("example", "example.com");
        DnsRecords dns = new DnsRecords(pool -> Optional.of(zone),
                new TestConfig().dnsClass("recording").pool("centos", 1).build(), store, Clock.systemUTC(),
                new RecordingMetrics());
        dns.create("centos", "vm-1", "10.0.0.7");
        assertThat(zone.records()).containsOnlyKeys("vm-1.example.com");

        dns.delete("centos", "vm-1");

        assertThat(storeCalls).containsExactly("vm");
        assertThat(zone.records()).isEmpty();
    }
}
