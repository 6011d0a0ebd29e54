package org.vmpooler.provider.dummy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpooler.config.ConfigException;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.provider.PluginConfigs;
import org.vmpooler.provider.ProviderContext;
import org.vmpooler.provider.ProviderException;
import org.vmpooler.provider.Readiness;
import org.vmpooler.provider.VmInfo;
import org.vmpooler.testing.MutableClock;

class DummyProviderTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @TempDir
    Path dir;

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private DummyProvider dummy(Map<String, ?> knobs) {
        return dummy(knobs, 42);
    }

    private DummyProvider dummy(Map<String, ?> knobs, long seed) {
        VmpoolerConfig config = PluginConfigs.builder().provider("dummy", "dummy", knobs)
                .pool("debian", "dummy").pool("ubuntu", "dummy").pool("elsewhere", "vc1")
                .build();
        return new DummyProvider(new ProviderContext(config.providers().get("dummy"), config, Metrics.none(), clock),
                new SplittableRandom(seed));
    }

    @Test
    void aCreatedVmHasAnAddressBecomesReadyAndCanBeDestroyed() {
        DummyProvider dummy = dummy(Map.of());
        VmInfo created = dummy.createVm(PluginConfigs.request("debian", "vm1"));

        assertThat(created.name()).isEqualTo("vm1");
        assertThat(created.pool()).isEqualTo("debian");
        assertThat(created.template()).isEqualTo("templates/debian");
        assertThat(created.hostname()).contains("vm1");
        assertThat(created.powerState()).isEqualTo("PoweredOn");
        assertThat(created.bootTime()).contains(clock.instant());
        assertThat(created.ip()).hasValueSatisfying(ip -> assertThat(ip).matches("10\\.\\d+\\.\\d+\\.\\d+"));
        assertThat(dummy.vmIpAddress("debian", "vm1")).isEqualTo(created.ip());
        assertThat(dummy.vmsInPool("debian")).containsExactly("vm1");
        assertThat(dummy.vmsInPool("ubuntu")).isEmpty();

        assertThat(dummy.vmReady("debian", "vm1")).isEqualTo(Readiness.isReady());
        assertThat(dummy.getVm("debian", "vm1")).hasValueSatisfying(vm ->
                assertThat(vm.extras()).containsEntry("dummy_state", "RUNNING").containsEntry("vm_host", "HOST1"));

        assertThat(dummy.destroyVm("debian", "vm1")).isTrue();
        assertThat(dummy.vmsInPool("debian")).isEmpty();
        assertThat(dummy.getVm("debian", "vm1")).isEmpty();
        assertThat(dummy.destroyVm("debian", "vm1")).as("destroy is idempotent").isTrue();
        assertThat(dummy.vmReady("debian", "vm1").ready()).isFalse();
        assertThat(dummy.vmIpAddress("debian", "vm1")).isEmpty();
    }

    @Test
    void onlyServesItsOwnConfiguredPools() {
        DummyProvider dummy = dummy(Map.of());
        assertThatThrownBy(() -> dummy.createVm(PluginConfigs.request("nosuch", "vm1"))).isInstanceOf(ProviderException.class)
                .hasMessageContaining("does not serve pool nosuch");
        assertThatThrownBy(() -> dummy.createVm(PluginConfigs.request("elsewhere", "vm1"))).hasMessageContaining("elsewhere");
        assertThat(dummy.vmsInPool("nosuch")).isEmpty();
        dummy.createVm(PluginConfigs.request("debian", "vm1"));
        assertThatThrownBy(() -> dummy.createVm(PluginConfigs.request("ubuntu", "vm1"))).hasMessageContaining("already exists");
        assertThat(dummy.getVm("ubuntu", "vm1")).as("a VM belongs to one pool").isEmpty();
    }

    @Test
    void aVmHandedOutWithoutATokenIsTaggedAsAnonymous() {
        DummyProvider dummy = dummy(Map.of());
        dummy.createVm(PluginConfigs.request("debian", "vm1"));

        assertThat(dummy.tagVmUser("debian", "vm1", null)).isTrue();
        assertThat(dummy.getVm("debian", "vm1")).isPresent();
    }

    @Test
    void disksSnapshotsMigrationAndTags() {
        DummyProvider dummy = dummy(Map.of("migratevm_couldmove_percent", 100));
        dummy.createVm(PluginConfigs.request("debian", "vm1"));

        assertThat(dummy.createDisk("debian", "vm1", 20)).isTrue();
        assertThat(dummy.createSnapshot("debian", "vm1", "before-tests")).isTrue();
        assertThatThrownBy(() -> dummy.createSnapshot("debian", "vm1", "before-tests"))
                .hasMessageContaining("already has a snapshot");
        assertThat(dummy.revertSnapshot("debian", "vm1", "before-tests")).isTrue();
        assertThat(dummy.revertSnapshot("debian", "vm1", "unknown")).isFalse();
        assertThatThrownBy(() -> dummy.createDisk("debian", "vm1", 0)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> dummy.createDisk("debian", "gone", 5)).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> dummy.createSnapshot("debian", "gone", "s")).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> dummy.revertSnapshot("debian", "gone", "s")).hasMessageContaining("does not exist");

        assertThat(dummy.tagVmUser("debian", "vm1", "alice")).isTrue();

        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Map<String, String> fields = dummy.migrateVm("debian", "vm1");
            hosts.add(fields.get("host"));
            if (fields.containsKey("migrated")) {
                assertThat(fields.get("migration_time")).matches("\\d+\\.\\d\\d");
            }
        }
        assertThat(hosts).allMatch(h -> h.matches("HOST([1-9]|10)"));
        assertThat(hosts.stream().distinct().count()).isGreaterThan(1);

        VmInfo vm = dummy.getVm("debian", "vm1").orElseThrow();
        assertThat(vm.extras()).containsEntry("disks", "+20gb").containsEntry("snapshots", "before-tests")
                .containsEntry("user", "alice").containsEntry("vm_host", hosts.getLast());
        assertThatThrownBy(() -> dummy.migrateVm("debian", "gone")).hasMessageContaining("does not exist");
    }

    @Test
    void withoutCouldMoveAVmStaysOnItsHost() {
        DummyProvider dummy = dummy(Map.of());
        dummy.createVm(PluginConfigs.request("debian", "vm1"));
        assertThat(dummy.migrateVm("debian", "vm1")).containsExactly(Map.entry("host", "HOST1"));
    }

    @Test
    void failureKnobsAtOneHundredPercentAlwaysFail() {
        DummyProvider failing = dummy(Map.of("createvm_fail_percent", 100));
        assertThatThrownBy(() -> failing.createVm(PluginConfigs.request("debian", "vm1"))).isInstanceOf(ProviderException.class)
                .hasMessageContaining("createvm_fail_percent");
        assertThat(failing.vmsInPool("debian")).as("a failed clone leaves nothing behind").isEmpty();

        DummyProvider flaky = dummy(Map.of("vmready_fail_percent", 100, "destroyvm_fail_percent", "100",
                "createdisk_fail_percent", 100, "createsnapshot_fail_percent", 100, "revertsnapshot_fail_percent", 100,
                "migratevm_fail_percent", 100, "migratevm_couldmove_percent", 100));
        flaky.createVm(PluginConfigs.request("debian", "vm1"));
        assertThatThrownBy(() -> flaky.vmReady("debian", "vm1")).hasMessageContaining("vmready_fail_percent");
        assertThatThrownBy(() -> flaky.destroyVm("debian", "vm1")).hasMessageContaining("destroyvm_fail_percent");
        assertThat(flaky.vmsInPool("debian")).containsExactly("vm1");
        assertThat(flaky.getVm("debian", "vm1").orElseThrow().powerState()).as("shut down before failing")
                .isEqualTo("PoweredOff");
        assertThatThrownBy(() -> flaky.createDisk("debian", "vm1", 5)).hasMessageContaining("createdisk");
        assertThatThrownBy(() -> flaky.createSnapshot("debian", "vm1", "s")).hasMessageContaining("createsnapshot");
        assertThatThrownBy(() -> flaky.revertSnapshot("debian", "vm1", "s")).hasMessageContaining("revertsnapshot");
        assertThat(flaky.getVm("debian", "vm1").orElseThrow().extras()).containsEntry("disks", "")
                .containsEntry("snapshots", "");
        // couldmove may pick HOST1 again, which is no migration; any real move must fail
        for (int i = 0; i < 10; i++) {
            try {
                assertThat(flaky.migrateVm("debian", "vm1")).containsExactly(Map.entry("host", "HOST1"));
            } catch (ProviderException e) {
                assertThat(e).hasMessageContaining("migratevm_fail_percent");
            }
        }
    }

    @Test
    void getVmCanPowerOffAndRenameAndAPoweredOffVmIsNotReady() {
        DummyProvider dummy = dummy(Map.of("getvm_poweroff_percent", 100, "getvm_rename_percent", 100));
        dummy.createVm(PluginConfigs.request("debian", "vm1"));
        assertThat(dummy.vmReady("debian", "vm1").ready()).isTrue();

        VmInfo vm = dummy.getVm("debian", "vm1").orElseThrow();
        assertThat(vm.powerState()).isEqualTo("PoweredOff");
        assertThat(vm.hostname()).contains("DUMMYvm1");
        assertThat(dummy.getVm("debian", "vm1").orElseThrow().hostname()).as("renamed only once")
                .contains("DUMMYvm1");
        assertThat(dummy.vmReady("debian", "vm1")).isEqualTo(Readiness.notReady("VM vm1 is powered off"));
    }

    @Test
    void aSeededGeneratorGivesReproducibleOutcomes() {
        Map<String, Object> knobs = Map.of("createvm_fail_percent", 50);
        List<Boolean> first = createOutcomes(dummy(knobs, 7));
        List<Boolean> second = createOutcomes(dummy(knobs, 7));
        assertThat(first).isEqualTo(second).contains(true, false);
    }

    private static List<Boolean> createOutcomes(DummyProvider dummy) {
        return IntStream.range(0, 40).mapToObj(i -> {
            try {
                dummy.createVm(PluginConfigs.request("debian", "vm" + i));
                return true;
            } catch (ProviderException e) {
                return false;
            }
        }).toList();
    }

    @Test
    void readinessWaitsForAVmThatIsStillCloning() throws Exception {
        DummyProvider dummy = dummy(Map.of("createvm_max_time", 0.5, "connection_pool_size", 2));
        Future<VmInfo> clone = threads.submit(() -> dummy.createVm(PluginConfigs.request("debian", "vm1")));
        await().atMost(Duration.ofSeconds(10)).until(() -> dummy.getVm("debian", "vm1")
                .map(vm -> vm.extras().get("dummy_state")).orElse(""), "CLONING"::equals);

        assertThat(dummy.vmReady("debian", "vm1").ready()).isTrue();
        assertThat(clone.get(10, TimeUnit.SECONDS).extras()).containsEntry("dummy_state", "RUNNING");
    }

    @Test
    void readinessGivesUpAfterIsReadyTimeout() throws Exception {
        DummyProvider dummy = dummy(Map.of("createvm_max_time", 1, "is_ready_timeout", 0.01,
                "connection_pool_size", 2));
        Future<VmInfo> clone = threads.submit(() -> dummy.createVm(PluginConfigs.request("debian", "vm1")));
        await().atMost(Duration.ofSeconds(10)).until(() -> dummy.vmsInPool("debian").contains("vm1"));

        Readiness readiness = dummy.vmReady("debian", "vm1");
        assertThat(readiness.ready()).isFalse();
        assertThat(readiness.reason()).hasValueSatisfying(r -> assertThat(r).contains("still cloning"));
        clone.get(10, TimeUnit.SECONDS);
    }

    @Test
    void callsWaitForAConnectionAndGiveUpAfterTheTimeout() throws Exception {
        DummyProvider dummy = dummy(Map.of("createvm_max_time", 1, "connection_pool_timeout", 0.01));
        Future<VmInfo> clone = threads.submit(() -> dummy.createVm(PluginConfigs.request("debian", "vm1")));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try {
                dummy.vmsInPool("debian");
                return false;
            } catch (ProviderException e) {
                return e.getMessage().contains("no connection became free");
            }
        });
        clone.get(10, TimeUnit.SECONDS);
        assertThat(dummy.vmsInPool("debian")).containsExactly("vm1");
    }

    @Test
    void badKnobsAreRejectedNamingTheKey() {
        assertThatThrownBy(() -> dummy(Map.of("createvm_fail_percent", 150))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("createvm_fail_percent").hasMessageContaining("percentage");
        assertThatThrownBy(() -> dummy(Map.of("destroyvm_max_time", "soon"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("destroyvm_max_time");
        assertThatThrownBy(() -> dummy(Map.of("connection_pool_size", 0))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("connection_pool_size");
    }

    @Test
    void aSecondInstanceOnTheSameFileSeesTheVmsThatExist() throws Exception {
        Path file = dir.resolve("inventory.yaml");
        DummyProvider first = dummy(Map.of("filename", file.toString()));
        VmInfo vm1 = first.createVm(PluginConfigs.request("debian", "vm1"));
        first.createVm(PluginConfigs.request("ubuntu", "vm2"));
        first.createVm(PluginConfigs.request("debian", "vm3"));
        first.vmReady("debian", "vm1");
        first.createSnapshot("debian", "vm1", "clean");
        first.tagVmUser("debian", "vm1", "bob");
        first.destroyVm("debian", "vm3");

        DummyProvider second = dummy(Map.of("filename", file.toString()));
        assertThat(second.vmsInPool("debian")).containsExactly("vm1");
        assertThat(second.vmsInPool("ubuntu")).containsExactly("vm2");
        assertThat(second.getVm("debian", "vm1")).contains(vm1WithState(second));
        assertThat(second.getVm("debian", "vm1").orElseThrow().ip()).isEqualTo(vm1.ip());
        assertThat(second.getVm("debian", "vm1").orElseThrow().bootTime()).isEqualTo(vm1.bootTime());
        assertThat(second.vmReady("debian", "vm1").ready()).isTrue();

        second.destroyVm("ubuntu", "vm2");
        assertThat(dummy(Map.of("filename", file.toString())).vmsInPool("ubuntu")).isEmpty();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("no temporary files left behind, only the lock the sharers take turns with")
                    .containsExactlyInAnyOrder(file, dir.resolve(".inventory.yaml.lock"));
        }
    }

    @Test
    void instancesSharingAFileSeeEachOthersChangesAsTheyHappen() {
        Path file = dir.resolve("inventory.yaml");
        DummyProvider first = dummy(Map.of("filename", file.toString()));
        DummyProvider second = dummy(Map.of("filename", file.toString()));

        first.createVm(PluginConfigs.request("debian", "vm1"));
        assertThat(second.vmsInPool("debian")).containsExactly("vm1");
        second.createVm(PluginConfigs.request("debian", "vm2"));
        assertThat(first.vmsInPool("debian")).containsExactlyInAnyOrder("vm1", "vm2");

        assertThat(second.destroyVm("debian", "vm1")).isTrue();
        assertThat(first.vmsInPool("debian")).containsExactly("vm2");
        assertThat(first.getVm("debian", "vm1")).isEmpty();
        assertThat(dummy(Map.of("filename", file.toString())).vmsInPool("debian")).containsExactly("vm2");
    }

    private static VmInfo vm1WithState(DummyProvider dummy) {
        VmInfo vm = dummy.getVm("debian", "vm1").orElseThrow();
        assertThat(vm.extras()).containsEntry("snapshots", "clean").containsEntry("user", "bob");
        return vm;
    }

    @Test
    void concurrentCreatesAreAllKeptAndPersisted() throws Exception {
        Path file = dir.resolve("inventory.yaml");
        DummyProvider dummy = dummy(Map.of("filename", file.toString(), "connection_pool_size", 8));
        List<Future<VmInfo>> clones = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String pool = i % 2 == 0 ? "debian" : "ubuntu";
            String name = "vm" + i;
            clones.add(threads.submit(() -> dummy.createVm(PluginConfigs.request(pool, name))));
        }
        Map<String, String> ips = new HashMap<>();
        for (Future<VmInfo> clone : clones) {
            VmInfo vm = clone.get(30, TimeUnit.SECONDS);
            ips.put(vm.name(), vm.ip().orElseThrow());
        }
        assertThat(dummy.vmsInPool("debian")).hasSize(30);
        assertThat(dummy.vmsInPool("ubuntu")).hasSize(30);

        DummyProvider reloaded = dummy(Map.of("filename", file.toString()));
        assertThat(reloaded.vmsInPool("debian")).hasSize(30);
        assertThat(reloaded.vmsInPool("ubuntu")).hasSize(30);
        ips.forEach((name, ip) -> assertThat(reloaded.vmIpAddress(name.matches("vm\\d*[02468]") ? "debian" : "ubuntu",
                name)).contains(ip));
    }

    @Test
    void purgeForgetsPoolsNoLongerServedUnlessAllowListed() {
        Path file = dir.resolve("inventory.yaml");
        VmpoolerConfig before = PluginConfigs.builder().provider("dummy", "dummy", Map.of("filename", file.toString()))
                .pool("debian", "dummy").pool("retired", "dummy").pool("kept", "dummy").build();
        DummyProvider old = new DummyProvider(new ProviderContext(before.providers().get("dummy"), before,
                Metrics.none(), clock), new SplittableRandom(1));
        old.createVm(PluginConfigs.request("debian", "vm1"));
        old.createVm(PluginConfigs.request("retired", "vm2"));
        old.createVm(PluginConfigs.request("kept", "vm3"));

        DummyProvider now = dummy(Map.of("filename", file.toString()));
        assertThat(now.vmsInPool("retired")).as("unconfigured pools are not listed").isEmpty();
        now.purgeUnconfiguredResources(List.of("kept"));

        DummyProvider after = new DummyProvider(new ProviderContext(before.providers().get("dummy"), before,
                Metrics.none(), clock), new SplittableRandom(1));
        assertThat(after.vmsInPool("debian")).containsExactly("vm1");
        assertThat(after.vmsInPool("retired")).isEmpty();
        assertThat(after.vmsInPool("kept")).containsExactly("vm3");
    }

    @Test
    void aCloneInterruptedByARestartIsRunningAfterIt() throws Exception {
        Path file = dir.resolve("inventory.yaml");
        Files.writeString(file, """
                pool:
                  debian:
                    - name: vm1
                      dummy_state: CLONING
                      ready: false
                """);
        DummyProvider dummy = dummy(Map.of("filename", file.toString(), "is_ready_timeout", 0.01));
        assertThat(dummy.getVm("debian", "vm1").orElseThrow().extras()).containsEntry("dummy_state", "RUNNING");
        assertThat(dummy.vmReady("debian", "vm1").ready()).isTrue();
        assertThat(dummy.vmIpAddress("debian", "vm1")).contains(DummyVm.ipFor("vm1"));
    }

    @Test
    void aCorruptInventoryFileIsReportedWithItsPath() throws Exception {
        Path file = dir.resolve("inventory.yaml");
        Files.writeString(file, "pool: [unclosed");
        assertThatThrownBy(() -> dummy(Map.of("filename", file.toString())))
                .hasMessageContaining(file.toString()).hasMessageContaining("not valid YAML");
    }
}
