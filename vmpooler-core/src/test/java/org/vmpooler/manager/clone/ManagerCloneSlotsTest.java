package org.vmpooler.manager.clone;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;

import org.junit.jupiter.api.Test;
import org.vmpooler.domain.CloneKind;
import org.vmpooler.store.CloneSlots;
import org.vmpooler.store.InMemoryStore;
import org.vmpooler.store.StoreException;

/** A store outage while clones are in flight must not use up {@code task_limit} for good. */
class ManagerCloneSlotsTest {
    private static final int LIMIT = 3;

    private final InMemoryStore store = new InMemoryStore(Clock.systemUTC());
    private boolean down;

    /** The store, unreachable while {@link #down}. */
    private final CloneSlots reachable = (CloneSlots) Proxy.newProxyInstance(CloneSlots.class.getClassLoader(),
            new Class<?>[] {CloneSlots.class}, (proxy, method, args) -> {
                if (down) {
                    throw new StoreException("the store could not " + method.getName() + ": not connected");
                }
                try {
                    return method.invoke(store, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });

    private final ManagerCloneSlots slots = new ManagerCloneSlots(reachable, "manager-1");

    @Test
    void slotsThatCouldNotBeGivenBackDuringAnOutageAreGivenBackWhenTheStoreAnswersAgain() {
        for (int i = 0; i < LIMIT; i++) {
            assertThat(slots.tryAcquire(CloneKind.POOL, 1, LIMIT)).isOne();
        }

        down = true;
        for (int i = 0; i < LIMIT; i++) {
            slots.release(CloneKind.POOL);
        }
        assertThat(slots.tryAcquire(CloneKind.POOL, 1, LIMIT)).as("nothing is taken while the store is down").isZero();
        down = false;

        assertThat(store.cloneSlotsInUse(CloneKind.POOL)).as("still counted in the store").isEqualTo(LIMIT);
        assertThat(slots.tryAcquire(CloneKind.POOL, 1, LIMIT)).isOne();
        assertThat(store.cloneSlotsInUse(CloneKind.POOL)).as("the owed slots came back first").isEqualTo(1);
        assertThat(slots.tryAcquire(CloneKind.POOL, 5, LIMIT)).as("as many as are free").isEqualTo(2);
        assertThat(slots.tryAcquire(CloneKind.POOL, 1, LIMIT)).isZero();
        assertThat(slots.tryAcquire(CloneKind.ONDEMAND, 1, LIMIT)).as("the kinds owe separately").isOne();
    }

    @Test
    void slotsGivenBackTogetherAreAllBack() throws InterruptedException {
        assertThat(slots.tryAcquire(CloneKind.POOL, 50, 50)).isEqualTo(50);
        Thread[] clones = new Thread[50];
        for (int i = 0; i < clones.length; i++) {
            clones[i] = Thread.ofVirtual().start(() -> slots.release(CloneKind.POOL));
        }
        for (Thread clone : clones) {
            clone.join();
        }

        assertThat(store.cloneSlotsInUse(CloneKind.POOL)).isZero();
        assertThat(store.returnCloneSlotsOfAllBut(java.util.List.of())).as("none left counted against the manager")
                .isZero();
    }
}
