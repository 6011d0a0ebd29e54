package org.vmpooler.manager.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.vmpooler.config.ManagerLeaseSettings;
import org.vmpooler.domain.NewVm;
import org.vmpooler.domain.VmState;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.store.InMemoryStore;
import org.vmpooler.testing.MutableClock;

/** How managers on one store share the pools round by round, hand them over and take over a dead one's. */
class PoolOwnershipTest {

    private static final List<String> POOLS = List.of("p1", "p2", "p3", "p4", "p5", "p6");
    private static final ManagerLeaseSettings LEASES = new ManagerLeaseSettings(true, Duration.ofSeconds(30));

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-19T12:00:00Z"), ZoneOffset.UTC);
    private final InMemoryStore store = new InMemoryStore(clock);

    private PoolOwnership manager(String id) {
        return new PoolOwnership(store, id, LEASES, POOLS, Metrics.none());
    }

    private static void rounds(int count, List<PoolOwnership> managers) {
        for (int i = 0; i < count; i++) {
            managers.forEach(PoolOwnership::rebalance);
        }
    }

    private Map<String, Long> owned() {
        return store.leaseHolders(POOLS).values().stream()
                .collect(Collectors.groupingBy(m -> m, Collectors.counting()));
    }

    @Test
    void aLoneManagerOwnsEveryPoolAndNewcomersGetAnEqualShare() {
        PoolOwnership a = manager("a");
        a.rebalance();
        assertThat(POOLS).allMatch(a::owns);

        List<PoolOwnership> all = new ArrayList<>(List.of(a, manager("b"), manager("c")));
        rounds(3, all);
        assertThat(owned()).isEqualTo(Map.of("a", 2L, "b", 2L, "c", 2L));
        for (String pool : POOLS) {
            assertThat(all.stream().filter(m -> m.owns(pool))).as("owners of %s", pool).hasSize(1);
        }
    }

    @Test
    void aPoolWithAClonePendingIsNotHandedOver() {
        PoolOwnership a = manager("a");
        a.rebalance();
        for (String pool : POOLS) {
            store.reservePendingVm(NewVm.forPool("vm-" + pool, pool, "example.com", clock.instant()));
        }
        PoolOwnership b = manager("b");
        rounds(2, List.of(a, b));
        assertThat(owned()).isEqualTo(Map.of("a", 6L));

        store.forgetVm("p6", "vm-p6", VmState.PENDING, Duration.ofHours(1));
        rounds(2, List.of(a, b));
        assertThat(owned()).isEqualTo(Map.of("a", 5L, "b", 1L));
    }

    @Test
    void aDeadManagersPoolsAreTakenOnceItsLeasesRunOutAndAStoppedOnesAtOnce() {
        PoolOwnership a = manager("a");
        PoolOwnership b = manager("b");
        PoolOwnership c = manager("c");
        rounds(3, List.of(a, b, c));

        clock.advance(Duration.ofSeconds(20));
        rounds(1, List.of(a, b));
        assertThat(owned()).as("c's leases still run").containsEntry("c", 2L);
        clock.advance(Duration.ofSeconds(15));
        rounds(2, List.of(a, b));
        assertThat(owned()).isEqualTo(Map.of("a", 3L, "b", 3L));
        assertThat(store.liveManagers()).containsExactly("a", "b");

        b.releaseAll();
        assertThat(store.liveManagers()).containsExactly("a");
        a.rebalance();
        assertThat(owned()).as("no wait for b's TTL").isEqualTo(Map.of("a", 6L));
    }

    @Test
    void aWriteUnderALostLeaseIsRefusedAndTheManagerLetsThePoolGo() {
        PoolOwnership a = manager("a");
        a.rebalance();
        clock.advance(Duration.ofSeconds(31));
        PoolOwnership b = manager("b");
        b.rebalance();
        assertThat(b.owns("p1")).isTrue();
        FencedWrites paused = new FencedWrites(store, a);

        assertThat(paused.reservePendingVm(NewVm.forPool("late", "p1", "example.com", clock.instant()))).isFalse();
        assertThat(store.vmExists("late")).isFalse();
        assertThat(a.owns("p1")).isFalse();
        assertThat(new FencedWrites(store, b).reservePendingVm(NewVm.forPool("fresh", "p1", "example.com",
                clock.instant()))).isTrue();
    }
}
