package org.vmpooler.provider.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.domain.CheckoutLine;
import org.vmpooler.domain.CheckoutRequest;
import org.vmpooler.domain.CheckoutResult;
import org.vmpooler.domain.VmState;
import org.vmpooler.manager.testkit.ManagerHarness;
import org.vmpooler.manager.testkit.TestConfig;
import org.vmpooler.provider.Provider;
import org.vmpooler.provider.VmInfo;
import org.vmpooler.store.Store;
import org.vmpooler.testing.MutableClock;

/**
 * The conformance kit's engine half: a real pool manager drives a pool of the provider under test through the
 * registry (deadlines, breaker), on the store the subclass chooses. The pool fills, a VM is handed out and
 * returned, every VM carries this instance's label, and the provider ends up holding exactly the VMs the store
 * knows.
 */
public abstract class ProviderEngineContract {

    /** The pool of {@link TestConfig}: the provider must serve it under the instance name {@code scripted}. */
    protected static final String POOL = "centos";

    protected abstract Store newStore(MutableClock clock);

    /** The provider under test, built for {@code config} (its pool {@link #POOL}, instance {@code scripted}). */
    protected abstract Provider provider(VmpoolerConfig config);

    private ManagerHarness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void aPoolFillsHandsOutAndGivesBackWithNothingLeaked() {
        VmpoolerConfig config = new TestConfig().pool(POOL, 3).build();
        Provider provider = provider(config);
        h = ManagerHarness.throughRegistry(config, this::newStore, scripted -> provider);

        cycles(3);
        assertThat(h.count(POOL, VmState.READY)).isEqualTo(3);
        CheckoutResult checkout = h.store.checkout(new CheckoutRequest(List.of(new CheckoutLine(POOL, List.of(POOL), 1)),
                h.clock.instant(), null, null, null, false));
        assertThat(checkout).isInstanceOf(CheckoutResult.Granted.class);
        String vm = ((CheckoutResult.Granted) checkout).grants().get(0).vm();
        h.store.requestDestroy(vm);
        cycles(3);

        assertThat(provider.vmsInPool(POOL)).doesNotContain(vm);
        assertThat(h.count(POOL, VmState.READY)).isEqualTo(3);
        String instance = h.store.instanceIdentity("unused");
        for (String listed : provider.vmsInPool(POOL)) {
            assertThat(provider.getVm(POOL, listed).map(VmInfo::labels))
                    .hasValueSatisfying(labels -> assertThat(labels.createdBy(instance)).isTrue());
        }
        Set<String> known = new HashSet<>();
        VmState.EXCLUSIVE.forEach(state -> known.addAll(h.store.vms(POOL, state)));
        assertThat(provider.vmsInPool(POOL)).containsExactlyInAnyOrderElementsOf(known);
    }

    private void cycles(int passes) {
        for (int i = 0; i < passes; i++) {
            h.cycle(POOL);
        }
    }
}
