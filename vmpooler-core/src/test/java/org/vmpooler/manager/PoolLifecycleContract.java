package org.vmpooler.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vmpooler.config.ProviderCallSettings;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.domain.CheckoutLine;
import org.vmpooler.domain.CheckoutRequest;
import org.vmpooler.domain.CheckoutResult;
import org.vmpooler.domain.CloneKind;
import org.vmpooler.domain.NewVm;
import org.vmpooler.domain.VmRecord.Field;
import org.vmpooler.domain.VmState;
import org.vmpooler.manager.check.StoreLostData;
import org.vmpooler.manager.testkit.ManagerHarness;
import org.vmpooler.testing.MutableClock;
import org.vmpooler.manager.testkit.TestConfig;
import org.vmpooler.store.Store;

/**
 * Every transition of a pool VM's life (manager.md §2.2), driven by simulated time. Subclasses choose the store,
 * so the same lifecycle is verified on each store implementation.
 */
public abstract class PoolLifecycleContract {

    protected abstract Store newStore(MutableClock clock);

    private static final Duration GRACE = ProviderCallSettings.DEFAULT.unknownVmGrace();

    /** The identity the harness's manager labels its VMs with (the store's). */
    private static String instance(ManagerHarness h) {
        return h.store.instanceIdentity("vmp-harness");
    }

    /** Whether records expire by the test clock (an in-process store) rather than by a server's own time. */
    protected boolean expiresOnTheTestClock() {
        return true;
    }

    private ManagerHarness h;

    protected ManagerHarness harness(VmpoolerConfig config) {
        h = new ManagerHarness(config, this::newStore);
        return h;
    }

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    private ManagerHarness onePool(int size) {
        return harness(new TestConfig().pool("centos", size).build());
    }

    /** Fills the pool and returns the ready VM (size 1). */
    private String readyVm(ManagerHarness h) {
        h.cycle("centos");
        h.cycle("centos");
        return h.only("centos", VmState.READY);
    }

    private String runningVm(ManagerHarness h) {
        String vm = readyVm(h);
        CheckoutResult result = h.store.checkout(new CheckoutRequest(
                List.of(new CheckoutLine("centos", List.of("centos"), 1)), h.clock.instant(), null, null, null, false));
        assertThat(result).isInstanceOf(CheckoutResult.Granted.class);
        return vm;
    }

    @Test
    void aTcpReadyCheckKeepsAVmPendingUntilItsPortAnswers() throws IOException {
        int port;
        try (ServerSocket reserved = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = reserved.getLocalPort();
        }
        ManagerHarness h = harness(new TestConfig().pool("centos", 1, List.of(),
                Map.of("ready_check", "tcp", "ready_check_port", port)).build());
        h.cycle("centos");
        h.cycle("centos");

        String vm = h.only("centos", VmState.PENDING);
        assertThat(h.store.vm(vm).orElseThrow().field(Field.OPEN_SOCKET_ERROR))
                .hasValueSatisfying(error -> assertThat(error).contains("127.0.0.1:" + port));

        try (ServerSocket guest = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            h.cycle("centos");
        }
        assertThat(h.only("centos", VmState.READY)).isEqualTo(vm);
    }

    @Test
    void clonesUpToThePoolSizeIntoPendingThenReady() {
        ManagerHarness h = onePool(3);

        PoolCycle.Result first = h.cycle("centos");

        assertThat(first.cloned()).isEqualTo(3);
        assertThat(h.count("centos", VmState.PENDING)).isEqualTo(3);
        assertThat(h.provider.all()).containsExactlyInAnyOrderElementsOf(h.store.vms("centos", VmState.PENDING));
        assertThat(h.store.cloneSlotsInUse(CloneKind.POOL)).isZero();

        h.cycle("centos");

        assertThat(h.count("centos", VmState.READY)).isEqualTo(3);
        assertThat(h.count("centos", VmState.PENDING)).isZero();
        String vm = h.store.vms("centos", VmState.READY).iterator().next();
        assertThat(h.store.vm(vm).orElseThrow().fields()).containsKeys(Field.CLONE, Field.READY, Field.IP, Field.CLONE_TIME)
                .containsEntry(Field.POOL, "centos").containsEntry(Field.TEMPLATE, "centos")
                .containsEntry(Field.DOMAIN, "example.com");
        assertThat(h.metrics.timings()).contains("time_to_ready_state.centos");
        assertThat(h.metrics.gauges()).contains("vmpooler_clone.centos", "ready.centos", "running.centos");
    }

    @Test
    void generatedNamesAreAdjectiveNounPairsWithASuffix() {
        ManagerHarness h = onePool(5);
        h.cycle("centos");
        assertThat(h.store.vms("centos", VmState.PENDING)).hasSize(5)
                .allSatisfy(vm -> assertThat(vm).matches("[a-z]+-[a-z]+-[0-9a-z]{5}").hasSizeLessThanOrEqualTo(21));
    }

    @Test
    void pendingVmThatNeverBecomesReadyFailsAtTimeoutAndIsDestroyed() {
        ManagerHarness h = harness(new TestConfig().dlqEnabled().pool("centos", 1).build());
        h.provider.bootTime = Duration.ofDays(1);
        h.cycle("centos");
        String vm = h.only("centos", VmState.PENDING);

        h.advance(Duration.ofMinutes(6));
        h.cycle("centos");
        assertThat(h.store.vm(vm).orElseThrow().field(Field.TIMEOUT_NOTIFICATION)).contains("1");
        assertThat(h.store.vm(vm).orElseThrow().field(Field.OPEN_SOCKET_ERROR)).contains("still booting");

        h.advance(Duration.ofMinutes(8));
        h.cycle("centos");
        assertThat(h.store.vms("centos", VmState.PENDING)).containsExactly(vm);

        h.advance(Duration.ofMinutes(2));
        h.cycle("centos");
        assertThat(h.store.vms("centos", VmState.COMPLETED)).containsExactly(vm);
        assertThat(h.metrics.increments("vmpooler_errors.markedasfailed.centos")).isEqualTo(1);
        assertThat(h.store.deadLetterCount("pending")).isEqualTo(1);

        h.cycle("centos");
        assertThat(h.provider.destroyed).containsExactly(vm);
        assertThat(h.store.vms("centos", VmState.COMPLETED)).isEmpty();
        assertThat(h.store.vm(vm).orElseThrow().fields()).containsKey(Field.DESTROY);
    }

    @Test
    void pendingVmTheProviderNeverCreatedIsForgottenAtTimeoutKeepingItsRecordForDataTtl() {
        ManagerHarness h = onePool(0);
        Instant start = h.clock.instant();
        h.store.reservePendingVm(NewVm.forPool("lost-vm", "centos", "example.com", start));

        h.advance(Duration.ofMinutes(10));
        h.cycle("centos");
        assertThat(h.store.vms("centos", VmState.PENDING)).containsExactly("lost-vm");

        h.advance(Duration.ofMinutes(6));
        h.cycle("centos");
        assertThat(h.store.vms("centos", VmState.PENDING)).isEmpty();
        assertThat(h.store.vm("lost-vm")).isPresent();

        if (expiresOnTheTestClock()) {
            h.advance(Duration.ofHours(169));
            assertThat(h.store.vm("lost-vm")).isEmpty();
        }
    }

    @Test
    void pendingVmWithoutACloneTimeIsTimedFromWhenFirstSeen() {
        ManagerHarness h = onePool(0);
        h.store.add("centos", "stuck-vm", VmState.PENDING);
        h.store.setVmFields("stuck-vm", Map.of(Field.POOL, "centos", Field.CLONE, "garbage"));

        h.cycle("centos");
        h.advance(Duration.ofMinutes(16));
        h.cycle("centos");

        assertThat(h.store.vms("centos", VmState.PENDING)).isEmpty();
    }

    @Test
    void readyVmExpiresAtItsReadyTtl() {
        ManagerHarness h = onePool(1);
        String vm = readyVm(h);

        h.advance(Duration.ofMinutes(59));
        h.cycle("centos");
        assertThat(h.store.vms("centos", VmState.READY)).containsExactly(vm);

        h.advance(Duration.ofMinutes(2));
        h.cycle("centos");
        assertThat(h.store.vms("centos", VmState.COMPLETED)).containsExactly(vm);
        assertThat(h.count("centos", VmState.PENDING)).as("refilled").isEqualTo(1);
        assertThat(h.store.vm(vm).orElseThrow().fields()).containsKey(Field.CHECK);
    }

    @Test
    void readyVmIsRecheckedAtMostEveryVmChecktime() {
        ManagerHarness h = onePool(1);
        String vm = readyVm(h);
        h.advance(Duration.ofSeconds(70));
        h.cycle("centos");
        h.provider.unreachable(vm);

        h.advance(Duration.ofSeconds(30));
        h.cycle("centos");
        assertThat(h.store.vms("centos", VmState.READY)).containsExactly(vm);

        h.advance(Duration.ofSeconds(31));
        h.cycle("centos");
        assertThat(h.store.vms("centos", VmState.COMPLETED)).containsExactly(vm);
    }

    @Test
    void passesOverAFullPoolReadNoReadyRecordUntilItsCheckIsDue() {
        Map<String, AtomicInteger> calls = filledPoolCountingStoreCalls();
        h.cycle("centos");

        calls.clear();
        for (int pass = 0; pass < 5; pass++) {
            h.advance(Duration.ofSeconds(5));
            h.cycle("centos");
        }
        assertThat(calls.get("vm")).as("reads while no check was due").isNull();

        h.advance(Duration.ofSeconds(40));
        h.cycle("centos");
        assertThat(calls.get("vm")).as("one read per VM once vm_checktime has passed").hasValue(5);
    }

    @Test
    void fillingAPoolSkipsStoreCallsThatCannotChangeAnything() {
        Map<String, AtomicInteger> calls = filledPoolCountingStoreCalls();

        assertThat(calls.get("vmExists")).as("name lookups without a DNS check: reserving refuses taken names").isNull();
        assertThat(calls.get("removeVmFields")).as("clearing a probe error that was never recorded").isNull();
    }

    @Test
    void aProbeErrorRecordedWhilePendingIsClearedOnceReady() {
        ManagerHarness h = onePool(1);
        h.provider.bootTime = Duration.ofMinutes(2);
        h.cycle("centos");
        String vm = h.only("centos", VmState.PENDING);
        h.cycle("centos");
        assertThat(h.store.vm(vm).orElseThrow().field(Field.OPEN_SOCKET_ERROR)).contains("still booting");

        h.advance(Duration.ofMinutes(3));
        h.cycle("centos");

        assertThat(h.store.vms("centos", VmState.READY)).containsExactly(vm);
        assertThat(h.store.vm(vm).orElseThrow().field(Field.OPEN_SOCKET_ERROR)).isEmpty();
    }

    /** A harness whose store counts its calls by method name, after two passes filled its pool of 5. */
    private Map<String, AtomicInteger> filledPoolCountingStoreCalls() {
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        h = new ManagerHarness(new TestConfig().pool("centos", 5).build(), clock -> counting(newStore(clock), calls));
        h.cycle("centos");
        h.cycle("centos");
        assertThat(h.count("centos", VmState.READY)).isEqualTo(5);
        return calls;
    }

    private static Store counting(Store store, Map<String, AtomicInteger> calls) {
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class},
                (proxy, method, args) -> {
                    calls.computeIfAbsent(method.getName(), name -> new AtomicInteger()).incrementAndGet();
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void readyVmReportingAnotherHostnameIsRetiredAfterTheGracePeriod() {
        ManagerHarness h = onePool(1);
        String vm = readyVm(h);
        h.provider.rename(vm, "template-hostname");

        h.advance(Duration.ofSeconds(30));
        h.cycle("centos");
        assertThat(h.store.vms("centos", VmState.READY)).containsExactly(vm);

        h.advance(Duration.ofSeconds(61));
        h.cycle("centos");
        assertThat(h.store.vms("centos", VmState.COMPLETED)).containsExactly(vm);
    }

    @Test
    void unreachableReadyVmIsRetiredAndDeadLettered() {
        ManagerHarness h = harness(new TestConfig().dlqEnabled().pool("centos", 1).build());
        String vm = readyVm(h);
        h.provider.unreachable(vm);

        h.cycle("centos");

        assertThat(h.store.vms("centos", VmState.COMPLETED)).containsExactly(vm);
        assertThat(h.store.deadLetterCount("ready")).isEqualTo(1);
    }

    @Test
    void readyVmGoneFromTheProviderIsRetiredAndForgotten() {
        ManagerHarness h = onePool(1);
        String vm = readyVm(h);
        h.provider.vanish(vm);

        h.cycle("centos");
        assertThat(h.store.vms("centos", VmState.COMPLETED)).containsExactly(vm);

        h.cycle("centos");
        assertThat(h.store.vms("centos", VmState.COMPLETED)).isEmpty();
        assertThat(h.provider.destroyed).doesNotContain(vm);
        assertThat(h.store.vm(vm)).as("kept for lookups until data_ttl").isPresent();
    }

    @Test
    void runningVmIsDestroyedAtItsLifetime() {
        ManagerHarness h = onePool(1);
        String vm = runningVm(h);

        h.advance(Duration.ofHours(23).plusMinutes(59));
        h.cycle("centos");
        assertThat(h.store.vms("centos", VmState.RUNNING)).containsExactly(vm);

        h.advance(Duration.ofMinutes(2));
        h.cycle("centos");
        assertThat(h.store.vms("centos", VmState.COMPLETED)).containsExactly(vm);

        h.cycle("centos");
        assertThat(h.provider.destroyed).contains(vm);
    }

    @Test
    void runningVmWithLifetimeZeroNeverExpires() {
        ManagerHarness h = onePool(1);
        String vm = runningVm(h);
        h.store.setLifetime(vm, 0);

        h.advance(Duration.ofDays(30));
        h.cycle("centos");

        assertThat(h.store.vms("centos", VmState.RUNNING)).containsExactly(vm);
    }

    @Test
    void runningVmWithoutCheckoutTimeIsRetired() {
        ManagerHarness h = onePool(0);
        h.provider.plant("centos", "orphan-run");
        h.store.add("centos", "orphan-run", VmState.RUNNING);
        h.store.setVmFields("orphan-run", Map.of(Field.POOL, "centos"));

        h.cycle("centos");

        assertThat(h.store.vms("centos", VmState.COMPLETED)).containsExactly("orphan-run");
    }

    @Test
    void runningVmGoneFromTheProviderIsRetired() {
        ManagerHarness h = onePool(1);
        String vm = runningVm(h);
        h.provider.vanish(vm);

        h.cycle("centos");

        assertThat(h.store.vms("centos", VmState.COMPLETED)).containsExactly(vm);
    }

    @Test
    void aLeakOfThisInstanceIsDestroyedOnceItStayedUnknownForTheGracePeriod() {
        ManagerHarness h = onePool(0);
        h.provider.plantLeak("centos", "stray-vm", instance(h));

        assertThat(h.cycle("centos").discovered()).as("within the grace period").isZero();
        h.advance(GRACE.minusSeconds(1));
        assertThat(h.cycle("centos").discovered()).as("still within the grace period").isZero();
        h.advance(Duration.ofSeconds(1));
        PoolCycle.Result result = h.cycle("centos");
        assertThat(result.discovered()).isEqualTo(1);
        assertThat(h.store.vms("centos", VmState.COMPLETED)).containsExactly("stray-vm");
        assertThat(h.metrics.increments("vmpooler_errors.leaked_vm.centos")).isEqualTo(1);

        h.cycle("centos");
        assertThat(h.provider.destroyed).containsExactly("stray-vm");
        assertThat(h.provider.has("stray-vm")).isFalse();
    }

    @Test
    void aVmWithoutThisInstancesLabelIsNeverTouched() {
        ManagerHarness h = onePool(0);
        h.provider.plant("centos", "made-by-hand");
        h.provider.plantLeak("centos", "other-deployment", "vmp-someone-else");

        for (int pass = 0; pass < 3; pass++) {
            assertThat(h.cycle("centos").discovered()).isZero();
            h.advance(GRACE.multipliedBy(2));
        }

        assertThat(h.provider.destroyed).isEmpty();
        assertThat(h.provider.has("made-by-hand")).isTrue();
        assertThat(h.provider.has("other-deployment")).isTrue();
        assertThat(h.metrics.increments("vmpooler_errors.foreign_vm.centos")).as("each reported once").isEqualTo(2);
    }

    @Test
    void aStoreThatLostItsDataGetsThisInstancesVmsBackAsCheckedOutAndThePoolRefilled() {
        ManagerHarness h = onePool(8);
        h.cycle("centos");
        h.cycle("centos");
        CheckoutResult result = h.store.checkout(new CheckoutRequest(
                List.of(new CheckoutLine("centos", List.of("centos"), 1)), h.clock.instant(), null, null, null, false));
        String checkedOut = ((CheckoutResult.Granted) result).grants().get(0).vm();
        h.cycle("centos");
        h.cycle("centos");
        List<String> before = List.copyOf(h.provider.vmsInPool("centos"));
        assertThat(before).hasSize(9);
        h.provider.plantLeak("centos", "someone-elses", "vmp-someone-else");
        for (String vm : before) {
            for (VmState state : VmState.values()) {
                h.store.remove("centos", vm, state);
            }
            h.store.vm(vm).ifPresent(record -> h.store.removeVmFields(vm, record.fields().keySet()));
        }
        assertThat(h.store.vm(checkedOut).flatMap(r -> r.field(Field.POOL))).as("the record, lost").isEmpty();

        h.cycle("centos");
        h.cycle("centos");

        assertThat(h.store.vms("centos", VmState.RUNNING)).as("every VM of ours, adopted as checked out")
                .containsExactlyInAnyOrderElementsOf(before);
        assertThat(h.store.vm(checkedOut).flatMap(r -> r.checkedOutAt(h.clock.getZone()))).isPresent();
        assertThat(h.store.vm(checkedOut).flatMap(r -> r.field(Field.POOL))).contains("centos");
        assertThat(h.store.vms("centos", VmState.READY)).as("the pool refilled beside them").hasSize(8);
        assertThat(h.provider.destroyed).as("nothing destroyed").isEmpty();
        assertThat(h.provider.has("someone-elses")).as("another deployment's VM, left alone").isTrue();
        assertThat(h.store.vms("centos", VmState.RUNNING)).doesNotContain("someone-elses");
        assertThat(h.metrics.increments("vmpooler_adopted.centos")).isEqualTo(9);
    }

    @Test
    void aStoreThatLostItsQueuesDoesNotGetEveryVmDestroyed() {
        ManagerHarness h = harness(new TestConfig().onEmptyStore("hold").pool("centos", 8).build());
        h.cycle("centos");
        h.cycle("centos");
        List<String> ready = List.copyOf(h.store.vms("centos", VmState.READY));
        assertThat(ready).hasSize(8);
        ready.forEach(vm -> h.store.remove("centos", vm, VmState.READY));

        PoolCycle.Result first = h.cycle("centos");
        h.cycle("centos");

        assertThat(first.discovered()).isZero();
        assertThat(h.store.vms("centos", VmState.DISCOVERED)).isEmpty();
        assertThat(h.store.vms("centos", VmState.COMPLETED)).isEmpty();
        assertThat(h.provider.destroyed).as("VMs destroyed after the store lost its queues").isEmpty();
        assertThat(h.provider.creates.get()).as("clones: the first fill only, no refill while held").isEqualTo(8);
        assertThat(h.metrics.increments("vmpooler_errors.discovery_held.centos")).isEqualTo(2);
    }

    @Test
    void aStoreThatLostItsQueuesStopsTheManagerWhenToldToAndTouchesNoVm() {
        ManagerHarness h = harness(new TestConfig().onEmptyStore("stop").pool("centos", 8).build());
        h.cycle("centos");
        h.cycle("centos");
        List.copyOf(h.store.vms("centos", VmState.READY)).forEach(vm -> h.store.remove("centos", vm, VmState.READY));

        assertThatThrownBy(() -> h.cycle("centos")).isInstanceOf(StoreLostData.class)
                .hasMessageContaining("pool 'centos': the provider lists 8 VMs of which 8 are unknown")
                .hasMessageContaining("on_empty_store: stop");

        assertThat(h.store.vms("centos", VmState.DISCOVERED)).isEmpty();
        assertThat(h.store.vms("centos", VmState.RUNNING)).as("nothing adopted").isEmpty();
        assertThat(h.provider.destroyed).isEmpty();
        assertThat(h.provider.creates.get()).as("the first fill only").isEqualTo(8);
    }

    @Test
    void aFewStrayVmsBesideKnownOnesAreStillDestroyed() {
        ManagerHarness h = onePool(8);
        h.cycle("centos");
        h.cycle("centos");
        for (int i = 0; i < 6; i++) {
            h.provider.plantLeak("centos", "stray-" + i, instance(h));
        }
        h.cycle("centos");
        h.advance(GRACE);

        assertThat(h.cycle("centos").discovered()).isEqualTo(6);
        h.cycle("centos");

        assertThat(h.provider.destroyed).hasSize(6).allMatch(vm -> vm.startsWith("stray-"));
    }

    @Test
    void failedDestroyKeepsTheVmCompletedAndIsRetried() {
        ManagerHarness h = onePool(0);
        h.provider.plantLeak("centos", "doomed", instance(h));
        h.cycle("centos");
        h.advance(GRACE);
        h.cycle("centos");
        h.provider.destroyFailure = new IllegalStateException("vCenter unavailable");

        h.cycle("centos");
        assertThat(h.store.vms("centos", VmState.COMPLETED)).containsExactly("doomed");

        h.provider.destroyFailure = null;
        h.cycle("centos");
        assertThat(h.store.vms("centos", VmState.COMPLETED)).isEmpty();
        assertThat(h.provider.destroyed).containsExactly("doomed");
    }

    @Test
    void failedCloneLeavesPendingRecordsTheErrorAndReturnsItsSlot() {
        ManagerHarness h = onePool(2);
        h.provider.createFailure = new IllegalStateException("datastore full");

        h.cycle("centos");

        assertThat(h.count("centos", VmState.PENDING)).isZero();
        assertThat(h.store.cloneSlotsInUse(CloneKind.POOL)).isZero();
        h.provider.createFailure = null;
        h.cycle("centos");
        assertThat(h.count("centos", VmState.PENDING)).isEqualTo(2);
    }

    @Test
    void providerInventoryFailureSkipsTheCycleWithoutTouchingVms() {
        ManagerHarness h = onePool(1);
        String vm = readyVm(h);
        h.provider.inventoryFailure = new IllegalStateException("connection refused");

        PoolCycle.Result result = h.cycle("centos");

        assertThat(result.active()).isFalse();
        assertThat(h.store.vms("centos", VmState.READY)).containsExactly(vm);
    }

    @Test
    void migratingVmIsMigratedOnceAndStaleEntriesAreDropped() {
        ManagerHarness h = onePool(1);
        String vm = readyVm(h);
        h.store.checkout(new CheckoutRequest(List.of(new CheckoutLine("centos", List.of("centos"), 1)),
                h.clock.instant(), null, null, null, true));
        h.store.add("centos", "gone-vm", VmState.MIGRATING);

        h.cycle("centos");

        assertThat(h.provider.migrated).containsExactly(vm);
        assertThat(h.store.vm(vm).orElseThrow().field("host")).contains("HOST2");
        assertThat(h.store.vms("centos", VmState.MIGRATING)).isEmpty();
        assertThat(h.store.vms("centos", VmState.RUNNING)).containsExactly(vm);
    }
}
