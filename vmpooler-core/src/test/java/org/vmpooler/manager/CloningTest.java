package org.vmpooler.manager;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import static org.awaitility.Awaitility.await;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.domain.CloneKind;
import org.vmpooler.domain.NewVm;
import org.vmpooler.domain.VmState;
import org.vmpooler.store.InMemoryStore;
import org.vmpooler.manager.testkit.ManagerHarness;
import org.vmpooler.manager.testkit.TestConfig;

/** Clone admission, names and slot accounting. */
class CloningTest {

    private ManagerHarness h;

    private ManagerHarness harness(VmpoolerConfig config, org.vmpooler.manager.clone.NameResolver resolver) {
        h = new ManagerHarness(config, InMemoryStore::new, resolver, null);
        return h;
    }

    @AfterEach
    void stop() {
        if (h != null) {
            if (h.provider.createGate != null) {
                h.provider.createGate.countDown();
            }
            h.close();
        }
    }

    @Test
    void taskLimitIsSharedFairlySoNoPoolStarves() throws Exception {
        ManagerHarness h = harness(new TestConfig().taskLimit(2).pool("big", 10).pool("small", 10).build(),
                fqdn -> false);
        h.provider.createGate = new CountDownLatch(1);

        h.manager.runCycle("big");
        h.manager.runCycle("small");
        await().atMost(Duration.ofSeconds(10)).until(() -> h.provider.creates.get() == 2);

        assertThat(h.count("big", VmState.PENDING)).isEqualTo(1);
        assertThat(h.count("small", VmState.PENDING)).as("the second pool got its share").isEqualTo(1);
        assertThat(h.store.cloneSlotsInUse(CloneKind.POOL)).isEqualTo(2);

        h.provider.createGate.countDown();
        h.settle();
        assertThat(h.store.cloneSlotsInUse(CloneKind.POOL)).isZero();
    }

    @Test
    void aPoolAloneInNeedMayUseEveryCloneSlot() throws Exception {
        ManagerHarness h = harness(new TestConfig().taskLimit(3).pool("big", 10).pool("full", 0).build(), fqdn -> false);
        h.provider.createGate = new CountDownLatch(1);

        h.manager.runCycle("big");
        await().atMost(Duration.ofSeconds(10)).until(() -> h.provider.creates.get() == 3);

        assertThat(h.count("big", VmState.PENDING)).isEqualTo(3);
        assertThat(h.store.cloneSlotsInUse(CloneKind.POOL)).isEqualTo(3);
        h.provider.createGate.countDown();
        h.settle();
    }

    @Test
    void aPoolNeverOvershootsItsSizeWhileNameChecksAreSlow() throws Exception {
        CountDownLatch dnsAnswers = new CountDownLatch(1);
        AtomicInteger lookups = new AtomicInteger();
        ManagerHarness h = harness(new TestConfig().taskLimit(100).dnsCheck().pool("centos", 10).build(), fqdn -> {
            lookups.incrementAndGet();
            try {
                dnsAnswers.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        });

        h.manager.runCycle("centos");
        await().atMost(Duration.ofSeconds(10)).until(() -> lookups.get() >= 1);
        // Passes while the first clones still wait for DNS: none of them is in pending yet.
        h.manager.runCycle("centos");
        h.manager.runCycle("centos");
        dnsAnswers.countDown();
        h.settle();

        assertThat(h.count("centos", VmState.READY) + h.count("centos", VmState.PENDING))
                .as("ready + pending after three passes over a pool of 10").isEqualTo(10);
        assertThat(h.provider.creates.get()).isEqualTo(10);
        h.cycle("centos");
        assertThat(h.provider.creates.get()).as("a full pool clones nothing").isEqualTo(10);
    }

    @Test
    void aPoolsNamePrefixReplacesTheGlobalOne() {
        ManagerHarness h = harness(new TestConfig().namePrefix("ci-win-").pool("win", 1).build(), fqdn -> false);

        h.cycle("win");

        assertThat(h.only("win", VmState.PENDING)).matches("ci-win-[a-z]+-[a-z]+-[0-9a-z]{5}");
    }

    @Test
    void namesStillInDnsAreSkippedAndExhaustionReturnsTheSlot() {
        ManagerHarness h = harness(new TestConfig().dnsCheck().pool("centos", 1).build(), fqdn -> true);

        h.cycle("centos");

        assertThat(h.count("centos", VmState.PENDING)).isZero();
        assertThat(h.metrics.increments("vmpooler_errors.staledns.centos")).isEqualTo(3);
        assertThat(h.store.cloneSlotsInUse(CloneKind.POOL)).as("no leaked clone slot").isZero();
        assertThat(h.provider.creates.get()).isZero();
    }

    @Test
    void dnsIsCheckedWithTheFqdnOfThePoolsDomain() {
        java.util.List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        ManagerHarness h = harness(new TestConfig().dnsCheck().pool("centos", 1).build(), fqdn -> {
            asked.add(fqdn);
            return false;
        });

        h.cycle("centos");

        assertThat(asked).singleElement().asString().endsWith(".example.com")
                .startsWith(h.only("centos", VmState.PENDING));
    }

    @Test
    void aVmIsNeverCheckedByTwoPassesAtOnce() throws Exception {
        ManagerHarness h = harness(new TestConfig().pool("centos", 1).build(), fqdn -> false);
        h.provider.bootTime = Duration.ofHours(1);
        h.cycle("centos");
        h.provider.probeGate = new CountDownLatch(1);

        Thread first = Thread.ofVirtual().start(() -> h.cycle("centos"));
        await().atMost(Duration.ofSeconds(10)).until(() -> h.provider.probesInFlight.get() == 1);
        h.manager.runCycle("centos");
        h.provider.probeGate.countDown();
        first.join();

        assertThat(h.provider.maxProbesOfOneVm.get()).isEqualTo(1);
    }

    @Test
    void dnsRecordsAreCreatedAtCloneAndDeletedAtDestroyWithNameFqdnAndIp() {
        java.util.List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        h = new ManagerHarness(new TestConfig().dnsClass("gcp").pool("centos", 1).build(), InMemoryStore::new,
                fqdn -> false, new org.vmpooler.dns.DnsPlugin() {
                    @Override
                    public String name() {
                        return "example";
                    }

                    @Override
                    public void createOrReplaceRecord(org.vmpooler.dns.VmAddress vm) {
                        calls.add("create " + vm);
                    }

                    @Override
                    public void deleteRecord(org.vmpooler.dns.VmAddress vm) {
                        calls.add("delete " + vm);
                    }
                });
        h.cycle("centos");
        String vm = h.only("centos", VmState.PENDING);
        String ip = h.store.vm(vm).orElseThrow().field(org.vmpooler.domain.VmRecord.Field.IP).orElseThrow();
        h.store.move("centos", vm, VmState.PENDING, VmState.COMPLETED);

        h.cycle("centos");

        String address = new org.vmpooler.dns.VmAddress(vm, vm + ".example.com", ip).toString();
        assertThat(calls).startsWith("create " + address, "delete " + address);
    }

    @Test
    void takenNamesAreCountedAsDuplicates() {
        ManagerHarness h = harness(new TestConfig().pool("centos", 1).build(), fqdn -> false);
        // a generator with a single possible name: every attempt after the first collides
        var single = new org.vmpooler.manager.clone.HostnameGenerator(
                new org.vmpooler.manager.clone.WordList(java.util.List.of("odd")),
                new org.vmpooler.manager.clone.WordList(java.util.List.of("pi")),
                zeros(), fqdn -> false, h.metrics);
        h.store.reservePendingVm(NewVm.forPool("odd-pi-00000", "centos", "example.com", h.clock.instant()));

        var checks = new org.vmpooler.manager.clone.HostnameGenerator.Checks("centos", "", "example.com", false,
                h.store::vmExists, name -> h.store.reservePendingVm(NewVm.forPool(name, "centos", "", h.clock.instant())));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> single.reserve(checks))
                .hasMessageContaining("Unable to generate a unique hostname after 3 attempts");
        assertThat(h.metrics.increments("vmpooler_errors.duplicatehostname.centos")).isEqualTo(3);
        assertThat(single.core()).isEqualTo("odd-pi-00000");
    }

    /** Draws the first word and the first suffix symbol every time. */
    private static java.util.random.RandomGenerator zeros() {
        return () -> 0L;
    }
}
