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
        assertThat(store.tryAcquireCloneSlot(CloneKind.POOL, 2, "manager-1")).isTrue();
        assertThat(store.tryAcquireCloneSlot(CloneKind.POOL, 2, "manager-1")).isTrue();
        assertThat(store.tryAcquireCloneSlot(CloneKind.POOL, 2, "manager-1")).isFalse();
        assertThat(store.cloneSlotsInUse(CloneKind.POOL)).isEqualTo(2);
        assertThat(store.cloneSlotsInUse(CloneKind.ONDEMAND)).isZero();
        assertThat(store.tryAcquireCloneSlot(CloneKind.ONDEMAND, 1, "manager-1")).isTrue();

        store.releaseCloneSlot(CloneKind.POOL, "manager-1");
        assertThat(store.cloneSlotsInUse(CloneKind.POOL)).isEqualTo(1);
        assertThat(store.tryAcquireCloneSlot(CloneKind.POOL, 2, "manager-1")).isTrue();

        store.releaseCloneSlot(CloneKind.POOL, "manager-1");
        store.releaseCloneSlot(CloneKind.POOL, "manager-1");
        store.releaseCloneSlot(CloneKind.POOL, "manager-1");
        assertThat(store.cloneSlotsInUse(CloneKind.POOL)).isZero();
        assertThat(store.tryAcquireCloneSlot(CloneKind.POOL, 1, "manager-1")).isTrue();
        assertThat(store.tryAcquireCloneSlot(CloneKind.POOL, 1, "manager-1")).isFalse();
        assertThat(store.tryAcquireCloneSlot(CloneKind.ONDEMAND, 0, "manager-1")).isFalse();

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
                if (store.tryAcquireCloneSlot(CloneKind.POOL, limit, "manager-1")) {
                    acquired.incrementAndGet();
                    mostHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
                    held.decrementAndGet();
                    store.releaseCloneSlot(CloneKind.POOL, "manager-1");
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
            if (store.tryAcquireCloneSlot(CloneKind.ONDEMAND, 10, "manager-1")) {
                acquired.incrementAndGet();
            }
            store.releaseCloneSlot(CloneKind.POOL, "manager-1");
        });

        assertThat(acquired.get()).isEqualTo(10);
        assertThat(store.cloneSlotsInUse(CloneKind.ONDEMAND)).isEqualTo(10);
        assertThat(store.cloneSlotsInUse(CloneKind.POOL)).isZero();
    }

    @Test
    void theSlotsOfAManagerNoLongerAliveAreGivenBackAndOnlyThose() {
        assertThat(store.tryAcquireCloneSlot(CloneKind.POOL, 10, "alive")).isTrue();
        assertThat(store.tryAcquireCloneSlot(CloneKind.POOL, 10, "killed")).isTrue();
        assertThat(store.tryAcquireCloneSlot(CloneKind.POOL, 10, "killed")).isTrue();
        assertThat(store.tryAcquireCloneSlot(CloneKind.ONDEMAND, 10, "killed")).isTrue();
        assertThat(store.tryAcquireCloneSlot(CloneKind.ONDEMAND, 10, "alive")).isTrue();

        assertThat(store.returnCloneSlotsOfAllBut(List.of("alive"))).isEqualTo(3);

        assertThat(store.cloneSlotsInUse(CloneKind.POOL)).as("the live manager's clone stays counted").isEqualTo(1);
        assertThat(store.cloneSlotsInUse(CloneKind.ONDEMAND)).isEqualTo(1);
        assertThat(store.returnCloneSlotsOfAllBut(List.of("alive"))).as("given back once").isZero();
        store.releaseCloneSlot(CloneKind.POOL, "alive");
        store.releaseCloneSlot(CloneKind.ONDEMAND, "alive");
        assertThat(store.cloneSlotsInUse(CloneKind.POOL)).isZero();
        assertThat(store.cloneSlotsInUse(CloneKind.ONDEMAND)).isZero();
        assertThat(store.returnCloneSlotsOfAllBut(List.of())).as("nothing left to anyone").isZero();
    }

    @Test
    void aReturnedSlotIsNoLongerCountedAgainstItsManager() {
        store.tryAcquireCloneSlot(CloneKind.POOL, 10, "killed");
        store.tryAcquireCloneSlot(CloneKind.POOL, 10, "killed");
        store.releaseCloneSlot(CloneKind.POOL, "killed");

        assertThat(store.returnCloneSlotsOfAllBut(List.of())).isEqualTo(1);
        assertThat(store.cloneSlotsInUse(CloneKind.POOL)).isZero();
    }
}
