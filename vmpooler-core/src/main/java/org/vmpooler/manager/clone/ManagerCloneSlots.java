package org.vmpooler.manager.clone;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.domain.CloneKind;
import org.vmpooler.manager.exec.GroupCommit;
import org.vmpooler.store.CloneSlots;
import org.vmpooler.store.StoreException;

/**
 * The store's clone slots as one manager takes and returns them: every slot is counted against this manager's id
 * too, so the slots of a manager killed mid-clone can be given back exactly by the managers that outlive it.
 *
 * <p>A slot the store could not take back (it was unreachable when the clone ended) is owed, not lost: the manager
 * is alive, so nobody else would ever return it, and an outage during a few clones would otherwise use up
 * {@code task_limit} for good. What is owed is given back before this manager takes another slot of the kind.
 *
 * <p>Slots are taken as many at a time as a pass needs, and returned in batches ({@link GroupCommit}): clones
 * ending at the same moment give their slots back in one round trip.
 */
public final class ManagerCloneSlots {
    private static final Logger LOG = LoggerFactory.getLogger(ManagerCloneSlots.class);

    private final CloneSlots store;
    private final String manager;
    private final Map<CloneKind, AtomicInteger> owed = new EnumMap<>(CloneKind.class);
    private final Map<CloneKind, GroupCommit<CloneKind>> returns = new EnumMap<>(CloneKind.class);

    public ManagerCloneSlots(CloneSlots store, String manager) {
        this.store = store;
        this.manager = manager;
        for (CloneKind kind : CloneKind.values()) {
            owed.put(kind, new AtomicInteger());
            returns.put(kind, new GroupCommit<>(slots -> store.releaseCloneSlots(kind, slots.size(), manager)));
        }
    }

    /**
     * Takes up to {@code wanted} slots, as many as are free, once the slots this manager owes the store are back
     * (none while they are not); how many it took.
     */
    public int tryAcquire(CloneKind kind, int wanted, int limit) {
        return payBack(kind) ? store.tryAcquireCloneSlots(kind, wanted, limit, manager) : 0;
    }

    /** Never throws for an unreachable store: the slot is then owed (see the class). */
    public void release(CloneKind kind) {
        try {
            returns.get(kind).write(kind);
        } catch (StoreException e) {
            int count = owed.get(kind).incrementAndGet();
            LOG.warn("[!] a {} clone slot could not be given back to the store ({}); {} owed, given back once the store "
                    + "answers", named(kind), e.getMessage(), count);
        }
    }

    public long inUse(CloneKind kind) {
        return store.cloneSlotsInUse(kind);
    }

    /** Gives back everything owed in one step; false if the store still cannot take it. */
    private boolean payBack(CloneKind kind) {
        AtomicInteger debt = owed.get(kind);
        int count = debt.getAndSet(0);
        if (count == 0) {
            return true;
        }
        try {
            store.releaseCloneSlots(kind, count, manager);
        } catch (StoreException e) {
            debt.addAndGet(count);
            return false;
        }
        LOG.info("[*] {} owed {} clone slot(s) given back to the store", count, named(kind));
        return true;
    }

    private static String named(CloneKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
