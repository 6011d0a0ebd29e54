package org.vmpooler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.vmpooler.domain.CheckoutRequest;
import org.vmpooler.domain.PoolCounts;
import org.vmpooler.domain.PoolQueues;
import org.vmpooler.domain.VmRecord;
import org.vmpooler.domain.VmState;

/**
 * The contract of {@link VmQueues}: queues and VM records.
 * Run against every store.
 */
public abstract class VmQueuesContract extends StoreContract {

    @Test
    void addsAndRemovesQueueMembers() {
        assertThat(store.add("p", "vm1", VmState.DISCOVERED)).isTrue();
        assertThat(store.add("p", "vm1", VmState.DISCOVERED)).isFalse();
        assertThat(store.add("p", "vm2", VmState.DISCOVERED)).isTrue();

        assertThat(store.vms("p", VmState.DISCOVERED)).containsExactlyInAnyOrder("vm1", "vm2");
        assertThat(store.count("p", VmState.DISCOVERED)).isEqualTo(2);
        assertThat(store.vms("other", VmState.DISCOVERED)).isEmpty();

        assertThat(store.remove("p", "vm1", VmState.DISCOVERED)).isTrue();
        assertThat(store.remove("p", "vm1", VmState.DISCOVERED)).isFalse();
        assertThat(store.vms("p", VmState.DISCOVERED)).containsExactly("vm2");
        assertThat(store.count("p", VmState.READY)).isZero();
    }

    @Test
    void movesOnlyFromTheGivenQueue() {
        store.add("p", "vm1", VmState.READY);

        assertThat(store.move("p", "vm1", VmState.PENDING, VmState.COMPLETED)).isFalse();
        assertThat(store.vms("p", VmState.READY)).containsExactly("vm1");
        assertThat(store.vms("p", VmState.COMPLETED)).isEmpty();

        assertThat(store.move("p", "vm1", VmState.READY, VmState.COMPLETED)).isTrue();
        assertThat(store.vms("p", VmState.READY)).isEmpty();
        assertThat(store.vms("p", VmState.COMPLETED)).containsExactly("vm1");
        assertThat(store.move("p", "unknown", VmState.READY, VmState.COMPLETED)).isFalse();
    }

    @Test
    void movesSomeOrAllMembers() {
        for (int i = 0; i < 5; i++) {
            store.add("p", "vm" + i, VmState.READY);
        }

        List<String> some = store.moveSome("p", VmState.READY, VmState.COMPLETED, 2);
        assertThat(some).hasSize(2).doesNotHaveDuplicates();
        assertThat(store.vms("p", VmState.COMPLETED)).containsExactlyInAnyOrderElementsOf(some);
        assertThat(store.count("p", VmState.READY)).isEqualTo(3);

        assertThat(store.moveSome("p", VmState.READY, VmState.COMPLETED, 0)).isEmpty();
        List<String> rest = store.moveSome("p", VmState.READY, VmState.COMPLETED, 10);
        assertThat(rest).hasSize(3);
        assertThat(store.vms("p", VmState.COMPLETED)).hasSize(5);

        List<String> all = store.moveAll("p", VmState.COMPLETED, VmState.PENDING);
        assertThat(all).containsExactlyInAnyOrder("vm0", "vm1", "vm2", "vm3", "vm4");
        assertThat(store.vms("p", VmState.PENDING)).hasSize(5);
        assertThat(store.count("p", VmState.COMPLETED)).isZero();
        assertThat(store.moveAll("p", VmState.READY, VmState.COMPLETED)).isEmpty();
    }

    @Test
    void countsEveryRequestedPool() {
        store.add("a", "p1", VmState.PENDING);
        store.add("a", "r1", VmState.READY);
        store.add("a", "r2", VmState.READY);
        store.add("a", "u1", VmState.RUNNING);
        store.add("a", "u1", VmState.MIGRATING);
        store.add("a", "c1", VmState.COMPLETED);
        store.add("a", "d1", VmState.DISCOVERED);
        store.add("b", "r3", VmState.READY);

        Map<String, PoolCounts> counts = store.counts(List.of("a", "b", "none"));

        assertThat(counts).containsOnlyKeys("a", "b", "none");
        assertThat(counts.get("a")).isEqualTo(new PoolCounts(1, 2, 1, 1, 1, 1));
        assertThat(counts.get("b")).isEqualTo(new PoolCounts(0, 1, 0, 0, 0, 0));
        assertThat(counts.get("none")).isEqualTo(PoolCounts.EMPTY);
    }

    @Test
    void readsAllQueuesOfAPoolWithCheckoutTimes() {
        reserve("p", "pend");
        readyVm("p", "rdy");
        readyVm("p", "out");
        store.checkout(new CheckoutRequest(List.of(line("p", 1)), T0, null, null, null, true));
        String checkedOut = store.vms("p", VmState.RUNNING).iterator().next();
        String stillReady = checkedOut.equals("out") ? "rdy" : "out";

        PoolQueues queues = store.queues("p");

        assertThat(queues.pool()).isEqualTo("p");
        assertThat(queues.in(VmState.PENDING)).containsExactly("pend");
        assertThat(queues.in(VmState.READY)).containsExactly(stillReady);
        assertThat(queues.in(VmState.RUNNING)).containsExactly(checkedOut);
        assertThat(queues.in(VmState.MIGRATING)).containsExactly(checkedOut);
        assertThat(queues.stateOf(checkedOut)).contains(VmState.RUNNING);
        assertThat(queues.active()).containsOnly(entry(checkedOut, T0_TEXT));
        assertThat(queues.checkoutTime(checkedOut, ZONE)).contains(T0);
        assertThat(store.queues("empty").knows("pend")).isFalse();
    }

    @Test
    void readsTheRecordsOfManyVmsTogether() {
        store.setVmFields("vm1", Map.of("host", "esx1"));
        store.setVmFields("vm3", Map.of("host", "esx3", "template", "centos"));

        Map<String, VmRecord> records = store.records(List.of("vm3", "ghost", "vm1"));

        assertThat(records).containsOnlyKeys("vm3", "vm1");
        assertThat(records.get("vm3").name()).isEqualTo("vm3");
        assertThat(records.get("vm3").fields()).containsOnly(entry("host", "esx3"), entry("template", "centos"));
        assertThat(records.get("vm1").fields()).containsOnly(entry("host", "esx1"));
    }

    @Test
    void keepsVmFields() {
        assertThat(store.vm("vm1")).isEmpty();
        assertThat(store.vmExists("vm1")).isFalse();

        store.setVmFields("vm1", Map.of("host", "esx1", "user_tagged", "true"));
        store.setVmFields("vm1", Map.of("host", "esx2"));

        assertThat(store.vmExists("vm1")).isTrue();
        VmRecord record = store.vm("vm1").orElseThrow();
        assertThat(record.name()).isEqualTo("vm1");
        assertThat(record.fields()).containsOnly(entry("host", "esx2"), entry("user_tagged", "true"));

        store.removeVmFields("vm1", List.of("host", "not-there"));
        assertThat(store.vm("vm1").orElseThrow().fields()).containsOnly(entry("user_tagged", "true"));

        store.removeVmFields("vm1", List.of("user_tagged"));
        assertThat(store.vmExists("vm1")).as("a record without fields does not exist").isFalse();
    }

    @Test
    void aRecordExpiredAtOnceIsGoneAndAllNamesAreListed() {
        store.setVmFields("vm1", Map.of("a", "1"));
        store.setVmFields("vm2", Map.of("a", "1"));
        reserve("p", "vm3");

        assertThat(store.allVmNames()).containsExactlyInAnyOrder("vm1", "vm2", "vm3");

        store.expireVm("vm2", Duration.ZERO);
        assertThat(store.vm("vm2")).isEmpty();
        assertThat(store.allVmNames()).containsExactlyInAnyOrder("vm1", "vm3");
    }

    @Test
    void refusesNullFieldValues() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("host", null);

        assertThatThrownBy(() -> store.setVmFields("vm1", fields))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host");
        assertThat(store.vmExists("vm1")).isFalse();
    }

    @Test
    void concurrentMovesKeepEveryVmInExactlyOneState() throws Exception {
        List<String> vms = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            vms.add("vm" + i);
            store.add("p", "vm" + i, VmState.PENDING);
        }
        List<VmState> states = VmState.EXCLUSIVE;
        int movers = 16;
        AtomicInteger moving = new AtomicInteger(movers);
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();

        race(movers + 1, t -> {
            if (t == movers) {
                // an observer: every consistent read must also show each VM in exactly one state
                while (moving.get() > 0) {
                    violations.addAll(statesViolated(store.queues("p"), vms));
                }
                return;
            }
            try {
                moveRandomly(vms, states, 200);
            } finally {
                moving.decrementAndGet();
            }
        });

        assertThat(violations).isEmpty();
        assertThat(statesViolated(store.queues("p"), vms)).isEmpty();
    }
}
