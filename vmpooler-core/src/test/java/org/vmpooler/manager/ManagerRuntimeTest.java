package org.vmpooler.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.vmpooler.config.LoopDelay;
import org.vmpooler.domain.CloneKind;
import org.vmpooler.domain.VmState;
import org.vmpooler.domain.VmTask;
import org.vmpooler.domain.VmTaskKind;
import org.vmpooler.store.InMemoryStore;
import org.vmpooler.manager.testkit.ManagerHarness;
import org.vmpooler.testing.MutableClock;
import org.vmpooler.manager.testkit.ScriptedProvider;
import org.vmpooler.manager.testkit.TestConfig;

/** The manager as a running service: start-up steps, loops, wake-ups, VM tasks and a graceful stop. */
class ManagerRuntimeTest {

    @Test
    void adaptiveDelayBacksOffByTheDecayAndResetsOnActivity() {
        AdaptiveDelay delay = new AdaptiveDelay(new LoopDelay(Duration.ofSeconds(3), Duration.ofSeconds(70), 2.5));
        List<Long> idle = List.of(delay.next(false), delay.next(false), delay.next(false), delay.next(false),
                delay.next(false)).stream().map(Duration::toSeconds).toList();
        assertThat(idle).containsExactly(7L, 17L, 42L, 70L, 70L);
        assertThat(delay.next(true)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void startupPublishesPoolsAndClearsCloneCounters() {
        try (ManagerHarness h = new ManagerHarness(new TestConfig().pool("centos", 3, List.of("el", "rhel")).build(),
                InMemoryStore::new)) {
            h.store.tryAcquireCloneSlots(CloneKind.POOL, 1, 10, "manager-1");
            h.store.tryAcquireCloneSlots(CloneKind.ONDEMAND, 1, 10, "manager-1");

            h.manager.startupOnly();

            assertThat(h.store.cloneSlotsInUse(CloneKind.POOL)).isZero();
            assertThat(h.store.cloneSlotsInUse(CloneKind.ONDEMAND)).isZero();
            assertThat(h.store.publishedPools()).containsExactly("centos");
            assertThat(h.store.publishedPool("centos")).containsEntry("alias", "el,rhel")
                    .containsEntry("domain", "example.com").containsEntry("size", "3")
                    .containsEntry("template", "templates/centos").containsEntry("provider", "scripted");
        }
    }

    @Test
    void startupLetsProvidersPurgeUnconfiguredResourcesWhenAsked() {
        try (ManagerHarness h = new ManagerHarness(new TestConfig().purgeUnconfiguredResources(List.of("keep-me"))
                .pool("centos", 0).build(), InMemoryStore::new)) {
            h.manager.startupOnly();
            h.settle();
            assertThat(h.provider.purges).containsExactly(List.of("keep-me"));
        }
        try (ManagerHarness h = new ManagerHarness(new TestConfig().pool("centos", 0).build(), InMemoryStore::new)) {
            h.manager.startupOnly();
            h.settle();
            assertThat(h.provider.purges).isEmpty();
        }
    }

    @Test
    void startupDropsPendingVmsWhoseCloneDidNotFinish() {
        try (ManagerHarness h = new ManagerHarness(new TestConfig().pool("centos", 2).build(), InMemoryStore::new)) {
            h.store.reservePendingVm(org.vmpooler.domain.NewVm.forPool("half-made", "centos", "example.com",
                    h.clock.instant()));
            h.store.reservePendingVm(org.vmpooler.domain.NewVm.forPool("made", "centos", "example.com",
                    h.clock.instant()));
            h.provider.plant("centos", "made");

            h.manager.startupOnly();

            assertThat(h.store.vms("centos", VmState.PENDING)).containsExactly("made");
        }
    }

    @Test
    void vmTasksAddDisksAndSnapshotsToRunningVms() {
        try (ManagerHarness h = new ManagerHarness(new TestConfig().pool("centos", 1).build(), InMemoryStore::new)) {
            h.cycle("centos");
            h.cycle("centos");
            String vm = h.only("centos", VmState.READY);
            h.store.queueVmTask(new VmTask(VmTaskKind.DISK, vm, "8"));
            h.store.queueVmTask(new VmTask(VmTaskKind.DISK, vm, "10"));
            h.store.queueVmTask(new VmTask(VmTaskKind.DISK, vm, "-1"));
            h.store.queueVmTask(new VmTask(VmTaskKind.SNAPSHOT, vm, "before-upgrade"));

            assertThat(h.manager.runVmTasks()).isEqualTo(4);
            h.settle();

            var record = h.store.vm(vm).orElseThrow();
            assertThat(record.disks()).containsExactlyInAnyOrder("+8gb", "+10gb");
            assertThat(record.snapshots()).containsExactly("before-upgrade");
            assertThat(h.provider.disks).hasSize(2);
        }
    }

    @Test
    void runningManagerFillsPoolsAndStopsGracefullyWithStoreAndProviderInAgreement() {
        MutableClock clock = ManagerHarness.clockAt("2026-03-19T12:00:00Z");
        InMemoryStore store = new InMemoryStore(clock);
        ScriptedProvider provider = new ScriptedProvider("scripted", clock);
        provider.bootTime = Duration.ofSeconds(30);
        PoolManager manager = PoolManager.builder(new TestConfig().pool("centos", 3).pool("debian", 2).build(), store)
                .clock(clock).providers(pool -> provider).sleeper(d -> {
                    Thread.sleep(2);
                    clock.advance(d);
                }).shutdownGrace(Duration.ofSeconds(5)).build();
        try {
            manager.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> store.count("centos", VmState.READY) == 3
                    && store.count("debian", VmState.READY) == 2);
        } finally {
            manager.close();
        }

        assertThat(store.cloneSlotsInUse(CloneKind.POOL)).isZero();
        Set<String> known = new HashSet<>();
        for (String pool : List.of("centos", "debian")) {
            for (VmState state : VmState.EXCLUSIVE) {
                known.addAll(store.vms(pool, state));
            }
        }
        assertThat(known).containsExactlyInAnyOrderElementsOf(provider.all());
    }
}
