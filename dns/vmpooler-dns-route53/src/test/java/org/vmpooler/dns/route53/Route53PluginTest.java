package org.vmpooler.dns.route53;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vmpooler.config.ConfigException;
import org.vmpooler.dns.DnsException;
import org.vmpooler.dns.DnsPlugin;
import org.vmpooler.dns.VmAddress;
import org.vmpooler.testing.StartedThreads;

/** Route 53 specifics: batching of concurrent changes, the wait for INSYNC, and settings checked at start. */
class Route53PluginTest {
    private static final String ZONE = "Z0FAKE0BATCH";

    private static FakeRoute53 fake;
    private static DnsPlugin plugin;

    @BeforeAll
    static void start() throws Exception {
        fake = FakeRoute53.start().zone(ZONE, "vmpooler.test");
        plugin = Route53Plugins.create(fake, Map.of("hosted_zone_id", ZONE, "batch_window", 0.3));
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @Test
    void changesArrivingTogetherGoOutInOneBatch() throws Exception {
        int before = fake.batchSizes().size();
        List<VmAddress> vms = addresses("batch", 8);

        concurrently(vms);

        for (VmAddress vm : vms) {
            assertThat(fake.addresses(ZONE, vm.fqdn())).containsExactly(vm.ip());
        }
        List<Integer> sizes = fake.batchSizes().subList(before, fake.batchSizes().size());
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(8);
        assertThat(sizes).as("batch sizes").hasSizeLessThan(8);
    }

    @Test
    void aRefusedChangeFailsOnlyItsOwnCaller() throws Exception {
        List<VmAddress> vms = addresses("mixed", 3);
        VmAddress outside = VmAddress.of("stray", "elsewhere.test", "10.30.1.1");
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> stray = threads.submit(() -> plugin.createOrReplaceRecord(outside));
            concurrently(vms);
            assertThatThrownBy(stray::get).hasCauseInstanceOf(DnsException.class)
                    .hasMessageContainingAll("stray.elsewhere.test", "InvalidChangeBatch");
        }
        for (VmAddress vm : vms) {
            assertThat(fake.addresses(ZONE, vm.fqdn())).containsExactly(vm.ip());
        }
    }

    private static List<VmAddress> addresses(String prefix, int count) {
        List<VmAddress> vms = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            vms.add(VmAddress.of(prefix + "-" + i, "vmpooler.test", "10.30.0." + (i + 1)));
        }
        return vms;
    }

    private static void concurrently(List<VmAddress> vms) throws Exception {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> calls = new ArrayList<>();
            vms.forEach(vm -> calls.add(threads.submit(() -> plugin.createOrReplaceRecord(vm))));
            for (Future<?> call : calls) {
                call.get();
            }
        }
    }

    @Test
    void aChangeNotInSyncByTheDeadlineIsAnError() throws Exception {
        try (FakeRoute53 slow = FakeRoute53.start().zone(ZONE, "vmpooler.test").syncTime(Duration.ofMinutes(5))) {
            DnsPlugin impatient = Route53Plugins.create(slow, Map.of("hosted_zone_id", ZONE, "deadline", 0.3));
            VmAddress vm = VmAddress.of("slow", "vmpooler.test", "10.30.2.1");

            assertThatThrownBy(() -> impatient.createOrReplaceRecord(vm)).isInstanceOf(DnsException.class)
                    .hasMessageContainingAll("PENDING", "deadline", "slow.vmpooler.test", ZONE);
            assertThat(slow.addresses(ZONE, vm.fqdn())).as("submitted all the same").containsExactly("10.30.2.1");
        }
    }

    @Test
    void badSettingsAreReportedTogether() {
        assertThatThrownBy(() -> Route53Settings.of(Route53Plugins.config(Map.of("ttl", -5, "deadline", 0,
                "endpoint", "not a url"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContainingAll("hosted_zone_id", "ttl", "deadline", "endpoint");
    }

    @Test
    void closingThePluginEndsTheThreadsItsClientStarted() {
        DnsPlugin own = Route53Plugins.create(fake, Map.of("hosted_zone_id", ZONE));
        StartedThreads sdk = StartedThreads.during(
                () -> own.createOrReplaceRecord(VmAddress.of("closing", "vmpooler.test", "10.30.9.9")),
                thread -> thread.getName().startsWith("sdk-"));

        own.close();

        sdk.awaitEnded();
    }
}
