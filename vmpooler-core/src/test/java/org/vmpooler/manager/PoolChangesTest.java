package org.vmpooler.manager;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.domain.PoolFlag;
import org.vmpooler.domain.PoolOverride;
import org.vmpooler.domain.VmState;
import org.vmpooler.store.InMemoryStore;
import org.vmpooler.store.Store;
import org.vmpooler.manager.testkit.ManagerHarness;
import org.vmpooler.manager.testkit.TestConfig;

/** Runtime changes to a pool from the API (template, size, clone target, reset, undo) and across restarts. */
class PoolChangesTest {

    private ManagerHarness h;

    private ManagerHarness harness(VmpoolerConfig config) {
        h = new ManagerHarness(config, InMemoryStore::new);
        return h;
    }

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    private Set<String> fill(ManagerHarness h) {
        h.manager.startupOnly();
        h.cycle("centos");
        h.cycle("centos");
        return new HashSet<>(h.store.vms("centos", VmState.READY));
    }

    @Test
    void aSteadyPassReadsThePoolsRuntimeChangesInOneRoundTrip() {
        Map<String, Integer> calls = new ConcurrentHashMap<>();
        h = new ManagerHarness(new TestConfig().pool("centos", 1).build(), clock -> counting(new InMemoryStore(clock),
                calls));
        fill(h);
        calls.clear();

        h.cycle("centos");

        assertThat(calls).as("the store reads of overrides, flags and the prepared template in one pass")
                .containsEntry("poolRuntime", 1)
                .doesNotContainKeys("override", "overrides", "hasFlag", "takeFlag", "preparedTemplate");
    }

    @Test
    void anUnreadableSizeOverrideIsIgnoredByTheOneRule() {
        ManagerHarness h = harness(new TestConfig().pool("centos", 2).build());
        fill(h);
        h.store.setOverride(PoolOverride.SIZE, "centos", "-1");
        h.cycle("centos");
        assertThat(h.manager.effectiveConfig("centos").size()).as("a negative size is no size").isEqualTo(2);

        h.store.setOverride(PoolOverride.SIZE, "centos", " 3 ");
        h.cycle("centos");
        assertThat(h.manager.effectiveConfig("centos").size()).isEqualTo(3);
    }

    /** The store, counting the calls of each method by name. */
    private static Store counting(Store store, Map<String, Integer> calls) {
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class},
                (proxy, method, args) -> {
                    calls.merge(method.getName(), 1, Integer::sum);
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void firstCyclePreparesTheConfiguredTemplate() {
        ManagerHarness h = harness(new TestConfig().pool("centos", 1).build());
        fill(h);
        assertThat(h.store.poolRuntime("centos").preparedTemplate()).contains("templates/centos");
    }

    @Test
    void templateDeltaDisksArePreparedOncePerTemplateWhenEnabled() {
        ManagerHarness h = harness(new TestConfig().templateDeltaDisks().pool("centos", 1).build());
        fill(h);
        h.cycle("centos");
        h.store.setOverride(PoolOverride.TEMPLATE, "centos", "templates/centos-9");
        h.cycle("centos");
        h.cycle("centos");

        assertThat(h.provider.deltaDiskTemplates).containsExactly("templates/centos", "templates/centos-9");
        assertThat(h.store.hasTemplateDeltas("templates/centos-9")).isTrue();
    }

    @Test
    void templateOverrideDrainsThePoolAndRefillsIt() {
        ManagerHarness h = harness(new TestConfig().pool("centos", 2).build());
        Set<String> old = fill(h);
        h.store.setOverride(PoolOverride.TEMPLATE, "centos", "templates/centos-9");

        h.cycle("centos");

        assertThat(h.store.vms("centos", VmState.COMPLETED)).containsExactlyInAnyOrderElementsOf(old);
        assertThat(h.count("centos", VmState.PENDING)).isEqualTo(2);
        assertThat(h.store.poolRuntime("centos").preparedTemplate()).contains("templates/centos-9");
        assertThat(h.manager.effectiveConfig("centos").template()).isEqualTo("templates/centos-9");
        Set<String> refills = h.store.vms("centos", VmState.PENDING);
        assertThat(refills).allSatisfy(vm -> assertThat(h.provider.requests.get(vm).template())
                .as("the provider clones the refill of " + vm + " from the override").isEqualTo("templates/centos-9"));
    }

    @Test
    void undoingATemplateOverrideGoesBackToTheConfiguredTemplate() {
        ManagerHarness h = harness(new TestConfig().pool("centos", 1).build());
        fill(h);
        h.store.setOverride(PoolOverride.TEMPLATE, "centos", "templates/other");
        h.cycle("centos");
        h.store.raiseFlag(PoolFlag.UNDO_TEMPLATE_OVERRIDE, "centos");

        h.cycle("centos");

        assertThat(h.store.poolRuntime("centos").preparedTemplate()).contains("templates/centos");
        assertThat(h.store.poolRuntime("centos").override(PoolOverride.TEMPLATE)).isEmpty();
        assertThat(h.store.poolRuntime("centos").flagged(PoolFlag.UNDO_TEMPLATE_OVERRIDE)).isFalse();
    }

    @Test
    void configFileTemplateChangeAcrossRestartDrainsOldVms() {
        ManagerHarness h = harness(new TestConfig().pool("centos", 1).build());
        Set<String> old = fill(h);
        h.store.setPreparedTemplate("centos", "templates/centos-old");

        h.cycle("centos");

        assertThat(h.store.vms("centos", VmState.COMPLETED)).containsExactlyInAnyOrderElementsOf(old);
        assertThat(h.store.poolRuntime("centos").preparedTemplate()).contains("templates/centos");
    }

    @Test
    void cloneTargetOverrideDrainsOnceButNotAgainAfterARestart() {
        ManagerHarness h = harness(new TestConfig().pool("centos", 1).build());
        Set<String> old = fill(h);
        h.store.setOverride(PoolOverride.CLONE_TARGET, "centos", "cluster2");

        h.cycle("centos");
        assertThat(h.store.vms("centos", VmState.COMPLETED)).containsExactlyInAnyOrderElementsOf(old);
        h.cycle("centos");
        h.cycle("centos");
        Set<String> fresh = new HashSet<>(h.store.vms("centos", VmState.READY));
        assertThat(fresh).hasSize(1);

        ManagerHarness restarted = new ManagerHarness(new TestConfig().pool("centos", 1).build(), clock -> h.store);
        try {
            restarted.manager.startupOnly();
            restarted.provider.plant("centos", fresh.iterator().next());
            restarted.cycle("centos");
            assertThat(restarted.store.vms("centos", VmState.READY)).containsExactlyInAnyOrderElementsOf(fresh);
            assertThat(restarted.manager.effectiveConfig("centos").cloneTarget()).contains("cluster2");
        } finally {
            restarted.manager.close();
        }
    }

    @Test
    void shrinkingThePoolRetiresSurplusReadyVmsWithoutLosingAny() {
        ManagerHarness h = harness(new TestConfig().pool("centos", 4).build());
        Set<String> all = fill(h);
        h.store.setOverride(PoolOverride.SIZE, "centos", "1");

        h.cycle("centos");

        assertThat(h.count("centos", VmState.READY)).isEqualTo(1);
        assertThat(h.count("centos", VmState.COMPLETED)).isEqualTo(3);
        Set<String> accounted = new HashSet<>(h.store.vms("centos", VmState.READY));
        accounted.addAll(h.store.vms("centos", VmState.COMPLETED));
        assertThat(accounted).containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void undoingASizeOverrideRestoresTheConfiguredSize() {
        ManagerHarness h = harness(new TestConfig().pool("centos", 2).build());
        fill(h);
        h.store.setOverride(PoolOverride.SIZE, "centos", "4");
        h.cycle("centos");
        assertThat(h.count("centos", VmState.PENDING)).isEqualTo(2);
        h.store.raiseFlag(PoolFlag.UNDO_SIZE_OVERRIDE, "centos");

        h.cycle("centos");

        assertThat(h.manager.effectiveConfig("centos").size()).isEqualTo(2);
        assertThat(h.store.poolRuntime("centos").override(PoolOverride.SIZE)).isEmpty();
    }

    @Test
    void resetDrainsThePool() {
        ManagerHarness h = harness(new TestConfig().pool("centos", 2).build());
        Set<String> old = fill(h);
        h.store.raiseFlag(PoolFlag.RESET, "centos");

        h.cycle("centos");

        assertThat(h.store.vms("centos", VmState.COMPLETED)).containsExactlyInAnyOrderElementsOf(old);
        assertThat(h.store.poolRuntime("centos").flagged(PoolFlag.RESET)).isFalse();
        assertThat(h.count("centos", VmState.PENDING)).isEqualTo(2);
    }
}
