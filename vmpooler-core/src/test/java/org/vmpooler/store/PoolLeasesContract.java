package org.vmpooler.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.vmpooler.domain.FencedWrite;
import org.vmpooler.domain.NewVm;
import org.vmpooler.domain.PoolLease;
import org.vmpooler.domain.VmState;

/**
 * The contract of {@link PoolLeases}: manager announcements, pool leases with fencing tokens, and the writes that
 * only a lease still in force may make. Run against every store.
 */
public abstract class PoolLeasesContract extends StoreContract {

    private static final Duration LEASE = Duration.ofMinutes(5);

    private PoolLease take(String pool, String manager) {
        Optional<PoolLease> lease = store.acquireLease(pool, manager, LEASE);
        assertThat(lease).as("lease of %s for %s", pool, manager).isPresent();
        return lease.get();
    }

    @Test
    void managersAreLiveUntilTheirAnnouncementExpiresOrTheyRetire() {
        store.announceManager("m-b", SHORT_TTL);
        store.announceManager("m-a", LONG_TTL);
        store.announceManager("m-c", LONG_TTL);
        assertThat(store.liveManagers()).containsExactly("m-a", "m-b", "m-c");

        store.retireManager("m-c");
        assertThat(store.liveManagers()).containsExactly("m-a", "m-b");

        advance(PAST_SHORT_TTL);
        assertThat(store.liveManagers()).containsExactly("m-a");
    }

    @Test
    void onlyOneManagerHoldsAPoolAndEachNewLeaseHasAHigherToken() {
        PoolLease first = take("centos", "m-a");
        assertThat(store.acquireLease("centos", "m-b", LEASE)).isEmpty();
        assertThat(store.leaseHolders(List.of("centos", "debian"))).isEqualTo(Map.of("centos", "m-a"));

        store.releaseLease(first);
        assertThat(store.leaseHolders(List.of("centos"))).isEmpty();
        PoolLease second = take("centos", "m-b");
        assertThat(second.token()).isGreaterThan(first.token());
        assertThat(store.leaseHolders(List.of("centos"))).isEqualTo(Map.of("centos", "m-b"));

        store.releaseLease(first);
        assertThat(store.leaseHolders(List.of("centos"))).as("a stale release leaves the new lease alone")
                .isEqualTo(Map.of("centos", "m-b"));
        assertThat(store.renewLeases(List.of(first), LEASE)).containsExactly(first);
        assertThat(store.renewLeases(List.of(second), LEASE)).isEmpty();
        assertThat(take("debian", "m-a").token()).as("tokens count per pool").isEqualTo(1);
    }

    @Test
    void anUnrenewedLeaseExpiresAndARenewedOneDoesNot() {
        PoolLease expiring = store.acquireLease("centos", "m-a", SHORT_TTL).orElseThrow();
        PoolLease renewed = store.acquireLease("debian", "m-a", SHORT_TTL).orElseThrow();
        assertThat(store.renewLeases(List.of(renewed), LEASE)).isEmpty();
        advance(PAST_SHORT_TTL);

        assertThat(store.leaseHolders(List.of("centos", "debian"))).isEqualTo(Map.of("debian", "m-a"));
        assertThat(store.renewLeases(List.of(expiring), LEASE)).as("an expired lease cannot be revived")
                .containsExactly(expiring);
        assertThat(store.acquireLease("centos", "m-b", LEASE)).isPresent();
    }

    @Test
    void renewingSeveralLeasesAtOnceExtendsThoseInForceAndNamesTheLostOnes() {
        PoolLease kept = take("centos", "m-a");
        PoolLease expired = store.acquireLease("debian", "m-a", SHORT_TTL).orElseThrow();
        PoolLease taken = take("ubuntu", "m-a");
        advance(PAST_SHORT_TTL);
        store.releaseLease(taken);
        PoolLease successor = take("ubuntu", "m-b");

        assertThat(store.renewLeases(List.of(kept, expired, taken), LEASE)).containsExactlyInAnyOrder(expired, taken);

        assertThat(store.leaseHolders(List.of("centos", "debian", "ubuntu")))
                .isEqualTo(Map.of("centos", "m-a", "ubuntu", "m-b"));
        assertThat(store.renewLeases(List.of(successor), LEASE)).as("another manager's lease is untouched").isEmpty();
        assertThat(store.renewLeases(List.of(), LEASE)).isEmpty();
    }

    @Test
    void writesUnderALeaseInForceApply() {
        PoolLease lease = take("centos", "m-a");
        NewVm vm = NewVm.forPool("vm-1", "centos", "example.com", T0);

        assertThat(store.reservePendingVm(lease, vm)).isEqualTo(FencedWrite.APPLIED);
        assertThat(store.reservePendingVm(lease, vm)).as("name taken").isEqualTo(FencedWrite.UNCHANGED);
        assertThat(store.vms("centos", VmState.PENDING)).containsExactly("vm-1");
        assertThat(field("vm-1", "template")).contains("centos");

        assertThat(store.move(lease, "vm-1", VmState.PENDING, VmState.COMPLETED)).isEqualTo(FencedWrite.APPLIED);
        assertThat(store.move(lease, "vm-1", VmState.PENDING, VmState.COMPLETED)).isEqualTo(FencedWrite.UNCHANGED);
        assertThat(store.vms("centos", VmState.COMPLETED)).containsExactly("vm-1");

        assertThat(store.markDestroying(lease, List.of("vm-1"), T0, LONG_TTL)).isEqualTo(FencedWrite.APPLIED);
        assertThat(field("vm-1", "destroy")).contains(T0_TEXT);
    }

    @Test
    void aStaleTokenWritesNothingOnceAnotherManagerTookThePool() {
        PoolLease stale = store.acquireLease("centos", "m-a", SHORT_TTL).orElseThrow();
        reserve("centos", "vm-ready");
        store.move("centos", "vm-ready", VmState.PENDING, VmState.READY);
        advance(PAST_SHORT_TTL);
        PoolLease current = take("centos", "m-b");

        assertThat(store.reservePendingVm(stale, NewVm.forPool("vm-2", "centos", "example.com", T0)))
                .isEqualTo(FencedWrite.FENCED_OFF);
        assertThat(store.vmExists("vm-2")).isFalse();
        assertThat(store.move(stale, "vm-ready", VmState.READY, VmState.COMPLETED)).isEqualTo(FencedWrite.FENCED_OFF);
        assertThat(store.markDestroying(stale, List.of("vm-ready"), T0, LONG_TTL)).isEqualTo(FencedWrite.FENCED_OFF);
        assertThat(store.vms("centos", VmState.READY)).containsExactly("vm-ready");
        assertThat(field("vm-ready", "destroy")).isEmpty();

        assertThat(store.move(current, "vm-ready", VmState.READY, VmState.COMPLETED)).isEqualTo(FencedWrite.APPLIED);
    }

    @Test
    void aReleasedOrExpiredLeaseFencesOffItsHolderEvenWhenNobodyElseTookThePool() {
        PoolLease released = take("centos", "m-a");
        store.releaseLease(released);
        assertThat(store.reservePendingVm(released, NewVm.forPool("vm-1", "centos", "example.com", T0)))
                .isEqualTo(FencedWrite.FENCED_OFF);

        PoolLease expired = store.acquireLease("debian", "m-a", SHORT_TTL).orElseThrow();
        advance(PAST_SHORT_TTL);
        assertThat(store.reservePendingVm(expired, NewVm.forPool("vm-2", "debian", "example.com", T0)))
                .isEqualTo(FencedWrite.FENCED_OFF);
        assertThat(store.allVmNames()).isEmpty();
    }
}
