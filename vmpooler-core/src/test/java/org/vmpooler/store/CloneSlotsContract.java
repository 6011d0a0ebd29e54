package org.vmpooler.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.vmpooler.domain.CloneKind;

/**
 * The contract of {@link CloneSlots}: clone slots.
 * Run against every store.
 */
public abstract class CloneSlotsContract extends StoreContract {

    @Test
    void takesAsManySlotsAsAreFreeAndReturnsManyAtOnce() {
        assertThat(store.tryAcquireCloneSlots(CloneKind.POOL, 3, 5, "manager-1")).isEqualTo(3);
        assertThat(store.tryAcquireCloneSlots(CloneKind.POOL, 4, 5, "manager-2")).as("two were free").isEqualTo(2);
        assertThat(store.tryAcquireCloneSlots(CloneKind.POOL, 4, 5, "manager-2")).isZero();
        assertThat(store.tryAcquireCloneSlots(CloneKind.POOL, 0, 5, "manager-2")).isZero();
        assertThat(store.cloneSlotsInUse(CloneKind.POOL)).isEqualTo(5);

        store.releaseCloneSlots(CloneKind.POOL, 2, "manager-1");
        assertThat(store.cloneSlotsInUse(CloneKind.POOL)).isEqualTo(3);
        assertThat(store.returnCloneSlotsOfAllBut(List.of("manager-2"))).as("manager-1 holds one still").isOne();
        assertThat(store.cloneSlotsInUse(CloneKind.POOL)).isEqualTo(2);

        store.releaseCloneSlots(CloneKind.POOL, 7, "manager-2");
        assertThat(store.cloneSlotsInUse(CloneKind.POOL)).as("never below zero").isZero();
        assertThat(store.returnCloneSlotsOfAllBut(List.of())).isZero();
        assertThat(store.tryAcquireCloneSlots(CloneKind.POOL, 9, 5, "manager-1")).isEqualTo(5);
    }

    @Test
    void clonesSlotsStayWithinTheLimitAndNeverGoNegative() {
        assertThat(store.cloneSlotsInUse(CloneKind.POOL)).isZero();
        assertThat(store.tryAcquireCloneSlots(CloneKind.POOL, 1, 2, "manager-1")).isOne();
        assertThat(store.tryAcquireCloneSlots(CloneKind.POOL, 1, 2, "manager-1")).isOne();
        assertThat(store.tryAcquireCloneSlots(CloneKind.POOL, 1, 2, "manager-1")).isZero();
        assertThat(store.cloneSlotsInUse(CloneKind.POOL)).isEqualTo(2);
        assertThat(store.cloneSlotsInUse(CloneKind.ONDEMAND)).isZero();
        assertThat(store.tryAcquireCloneSlots(CloneKind.ONDEMAND, 1, 1, "manager-1")).isOne();

        store.releaseCloneSlots(CloneKind.POOL, 1, "manager-1");
        assertThat(store.cloneSlotsInUse(CloneKind.POOL)).isEqualTo(1);
        assertThat(store.tryAcquireCloneSlots(CloneKind.POOL, 1, 2, "manager-1")).isOne();

        store.releaseCloneSlots(CloneKind.POOL, 1, "manager-1");
        store.releaseCloneSlots(CloneKind.POOL, 1, "manager-1");
        store.releaseCloneSlots(CloneKind.POOL, 1, "manager-1");
        assertThat(store.cloneSlotsInUse(CloneKind.POOL)).isZero();
        assertThat(store.tryAcquireCloneSlots(CloneKind.POOL, 1, 1, "manager-1")).isOne();
        assertThat(store.tryAcquireCloneSlots(CloneKind.POOL, 1, 1, "manager-1")).isZero();
        assertThat(store.tryAcquireCloneSlots(CloneKind.ONDEMAND, 1, 0, "manager-1")).isZero();

        store.resetCloneSlots();
        assertThat(store.cloneSlotsInUse(CloneKind.POOL)).isZero();
        assertThat(store.cloneSlotsInUse(CloneKind.ONDEMAND)).isZero();
    }

    @Test
    void concurrentCloneSlotsNeverExceedTheLimit() throws Exception {
        int limit = 5;
        AtomicInteger held = new AtomicInteger();
        AtomicInteger mostHeld = new AtomicInteger();
        AtomicInteger acquired = new AtomicInteger();

        race(64, t -> {
            for (int i = 0; i < 20; i++) {
                if (store.tryAcquireCloneSlots(CloneKind.POOL, 1, limit, "manager-1") == 1) {
                    acquired.incrementAndGet();
                    mostHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
                    held.decrementAndGet();
                    store.releaseCloneSlots(CloneKind.POOL, 1, "manager-1");
                }
            }
        });

        assertThat(acquired.get()).isPositive();
        assertThat(mostHeld.get()).isLessThanOrEqualTo(limit);
        assertThat(store.cloneSlotsInUse(CloneKind.POOL)).isZero();
    }

    @Test
    void concurrentAcquisitionsTakeExactlyTheLimit() throws Exception {
        AtomicInteger acquired = new AtomicInteger();

        race(64, t -> {
            if (store.tryAcquireCloneSlots(CloneKind.ONDEMAND, 1, 10, "manager-1") == 1) {
                acquired.incrementAndGet();
            }
            store.releaseCloneSlots(CloneKind.POOL, 1, "manager-1");
        });

        assertThat(acquired.get()).isEqualTo(10);
        assertThat(store.cloneSlotsInUse(CloneKind.ONDEMAND)).isEqualTo(10);
        assertThat(store.cloneSlotsInUse(CloneKind.POOL)).isZero();
    }

    @Test
    void theSlotsOfAManagerNoLongerAliveAreGivenBackAndOnlyThose() {
        assertThat(store.tryAcquireCloneSlots(CloneKind.POOL, 1, 10, "alive")).isOne();
        assertThat(store.tryAcquireCloneSlots(CloneKind.POOL, 1, 10, "killed")).isOne();
        assertThat(store.tryAcquireCloneSlots(CloneKind.POOL, 1, 10, "killed")).isOne();
        assertThat(store.tryAcquireCloneSlots(CloneKind.ONDEMAND, 1, 10, "killed")).isOne();
        assertThat(store.tryAcquireCloneSlots(CloneKind.ONDEMAND, 1, 10, "alive")).isOne();

        assertThat(store.returnCloneSlotsOfAllBut(List.of("alive"))).isEqualTo(3);

        assertThat(store.cloneSlotsInUse(CloneKind.POOL)).as("the live manager's clone stays counted").isEqualTo(1);
        assertThat(store.cloneSlotsInUse(CloneKind.ONDEMAND)).isEqualTo(1);
        assertThat(store.returnCloneSlotsOfAllBut(List.of("alive"))).as("given back once").isZero();
        store.releaseCloneSlots(CloneKind.POOL, 1, "alive");
        store.releaseCloneSlots(CloneKind.ONDEMAND, 1, "alive");
        assertThat(store.cloneSlotsInUse(CloneKind.POOL)).isZero();
        assertThat(store.cloneSlotsInUse(CloneKind.ONDEMAND)).isZero();
        assertThat(store.returnCloneSlotsOfAllBut(List.of())).as("nothing left to anyone").isZero();
    }

    @Test
    void aReturnedSlotIsNoLongerCountedAgainstItsManager() {
        store.tryAcquireCloneSlots(CloneKind.POOL, 2, 10, "killed");
        store.releaseCloneSlots(CloneKind.POOL, 1, "killed");

        assertThat(store.returnCloneSlotsOfAllBut(List.of())).isEqualTo(1);
        assertThat(store.cloneSlotsInUse(CloneKind.POOL)).isZero();
    }
}
