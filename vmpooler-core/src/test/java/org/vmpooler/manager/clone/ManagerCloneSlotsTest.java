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
            assertThat(slots.tryAcquire(CloneKind.POOL, LIMIT)).isTrue();
        }

        down = true;
        for (int i = 0; i < LIMIT; i++) {
            slots.release(CloneKind.POOL);
        }
        assertThat(slots.tryAcquire(CloneKind.POOL, LIMIT)).as("nothing is taken while the store is down").isFalse();
        down = false;

        assertThat(store.cloneSlotsInUse(CloneKind.POOL)).as("still counted in the store").isEqualTo(LIMIT);
        assertThat(slots.tryAcquire(CloneKind.POOL, LIMIT)).isTrue();
        assertThat(store.cloneSlotsInUse(CloneKind.POOL)).as("the owed slots came back first").isEqualTo(1);
        assertThat(slots.tryAcquire(CloneKind.POOL, LIMIT)).isTrue();
        assertThat(slots.tryAcquire(CloneKind.POOL, LIMIT)).isTrue();
        assertThat(slots.tryAcquire(CloneKind.POOL, LIMIT)).isFalse();
        assertThat(slots.tryAcquire(CloneKind.ONDEMAND, LIMIT)).as("the kinds owe separately").isTrue();
    }
}
