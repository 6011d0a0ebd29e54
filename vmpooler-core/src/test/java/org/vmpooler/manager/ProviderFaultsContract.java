package org.vmpooler.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vmpooler.config.CircuitBreakerSettings;
import org.vmpooler.config.LifecycleSettings;
import org.vmpooler.config.ProviderCallSettings;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.domain.CheckoutLine;
import org.vmpooler.domain.CheckoutRequest;
import org.vmpooler.domain.CheckoutResult;
import org.vmpooler.domain.CloneKind;
import org.vmpooler.domain.VmState;
import org.vmpooler.manager.testkit.ManagerHarness;
import org.vmpooler.manager.testkit.TestConfig;
import org.vmpooler.provider.CircuitBreaker;
import org.vmpooler.provider.testkit.FaultInjectingProvider;
import org.vmpooler.provider.testkit.FaultInjectingProvider.Fault;
import org.vmpooler.store.Store;
import org.vmpooler.testing.MutableClock;

/**
 * The engine under a misbehaving provider, seen through the same registry (deadlines, circuit breaker) as in
 * production: pools return to size, no clone slot is lost, no VM is leaked or handed out before it is ready.
 * Subclasses choose the store.
 */
public abstract class ProviderFaultsContract {

    /** Short enough for a test to outlive, long enough for a healthy scripted call. */
    private static final Duration CLONE_DEADLINE = Duration.ofMillis(400);
    private static final Duration GRACE = Duration.ofMinutes(5);

    protected abstract Store newStore(MutableClock clock);

    private ManagerHarness h;
    private FaultInjectingProvider faults;

    @AfterEach
    void close() {
        if (faults != null) {
            faults.heal();
        }
        if (h != null) {
            h.close();
        }
    }

    private ManagerHarness harness(int size, CircuitBreakerSettings breaker) {
        LifecycleSettings d = LifecycleSettings.DEFAULT;
        LifecycleSettings lifecycle = new LifecycleSettings(CLONE_DEADLINE, d.timeoutNotification(), d.readyTtl(),
                d.vmChecktime(), d.vmLifetime(), d.vmLifetimeAuth(), d.maxLifetimeUpperLimit(),
                d.checkReadyVmHostnameForMismatch());
        ProviderCallSettings defaults = ProviderCallSettings.DEFAULT;
        ProviderCallSettings calls = new ProviderCallSettings(Duration.ofMillis(400), Duration.ofMillis(400),
                Duration.ofMillis(400), Duration.ofMillis(400), Duration.ofMillis(400), GRACE, defaults.capacityBackoff(),
                defaults.capacityBackoffMax(), defaults.connectionPoolMonitor(), java.util.Optional.empty());
        VmpoolerConfig config = new TestConfig().lifecycle(lifecycle).providerCalls(calls).circuitBreaker(breaker)
                .pool("centos", size).build();
        h = ManagerHarness.throughRegistry(config, this::newStore, scripted -> {
            FaultInjectingProvider.Wrapped wrapped = FaultInjectingProvider.wrap(scripted, 42);
            faults = wrapped.faults();
            return wrapped.provider();
        });
        return h;
    }

    private static CircuitBreakerSettings breakerOff() {
        CircuitBreakerSettings d = CircuitBreakerSettings.DEFAULT;
        return new CircuitBreakerSettings(false, d.failureThreshold(), d.timeout(), d.halfOpenAttempts());
    }

    @Test
    void aHungCloneFreesItsSlotAtItsDeadlineAndTheVmItMakesLaterIsDestroyed() {
        harness(2, breakerOff());
        faults.inject("createVm", Fault.HANG, 1.0);

        h.cycle("centos");

        assertThat(h.store.cloneSlotsInUse(CloneKind.POOL)).as("slots held by hung clones").isZero();
        assertThat(h.count("centos", VmState.PENDING)).isZero();
        assertThat(h.metrics.increments("provider_call_timed_out.create_vm.scripted")).isEqualTo(2);

        faults.heal();
        await().atMost(Duration.ofSeconds(10)).until(() -> h.provider.all().size() == 2);
        Set<String> late = h.provider.all();

        settle(3);
        h.advance(GRACE);
        settle(3);

        assertThat(h.provider.destroyed).containsAll(late);
        assertThat(h.count("centos", VmState.READY)).isEqualTo(2);
        assertNoLeak();
    }

    @Test
    void underRandomFaultsThePoolRecoversWithNoLostSlotNoLeakAndNothingHandedOutUnready() {
        harness(6, breakerOff());
        for (String method : List.of("createVm", "vmReady", "destroyVm", "vmsInPool", "getVm", "vmIpAddress")) {
            faults.inject(method, Fault.ERROR, 0.25);
        }
        faults.inject("createVm", Fault.HANG, 0.05);
        Set<String> handedOut = new HashSet<>();
        for (int pass = 0; pass < 25; pass++) {
            h.cycle("centos");
            if (h.store.checkout(new CheckoutRequest(List.of(new CheckoutLine("centos", List.of("centos"), 1)),
                    h.clock.instant(), null, null, null, false)) instanceof CheckoutResult.Granted granted) {
                String vm = granted.grants().get(0).vm();
                handedOut.add(vm);
                h.store.requestDestroy(vm);
            }
            h.advance(Duration.ofSeconds(30));
        }
        assertThat(faults.injected("createVm") + faults.injected("vmReady")).as("faults were injected").isPositive();

        faults.heal();
        settle(4);
        h.advance(GRACE);
        settle(4);

        assertThat(h.count("centos", VmState.READY)).as("back at size").isEqualTo(6);
        assertThat(h.store.cloneSlotsInUse(CloneKind.POOL)).isZero();
        assertThat(faults.reportedReady()).as("every VM handed out had been reported ready").containsAll(handedOut);
        assertThat(faults.reportedReady()).containsAll(h.store.vms("centos", VmState.READY));
        assertNoLeak();
    }

    @Test
    void theCircuitBreakerOpensOnRepeatedFailuresAndClosesOnceTheProviderAnswers() {
        CircuitBreakerSettings d = CircuitBreakerSettings.DEFAULT;
        harness(1, new CircuitBreakerSettings(true, 3, d.timeout(), 1));
        CircuitBreaker breaker = h.registry.breakerOf("scripted").orElseThrow();
        faults.inject("vmsInPool", Fault.ERROR, 1.0);

        for (int pass = 0; pass < 5; pass++) {
            h.cycle("centos");
        }

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(faults.injected("vmsInPool")).as("calls stop reaching the provider once open").isEqualTo(3);

        faults.heal();
        h.advance(d.timeout());
        settle(3);

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(h.count("centos", VmState.READY)).isEqualTo(1);
    }

    private void settle(int passes) {
        for (int i = 0; i < passes; i++) {
            h.cycle("centos");
        }
    }

    /** The provider holds exactly the VMs the store knows in some state: nothing leaked, nothing lost. */
    private void assertNoLeak() {
        Set<String> known = new HashSet<>();
        for (VmState state : VmState.EXCLUSIVE) {
            known.addAll(h.store.vms("centos", state));
        }
        assertThat(h.provider.all()).containsExactlyInAnyOrderElementsOf(known);
    }
}
