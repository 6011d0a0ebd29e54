package org.vmpooler.manager.clone;

import org.vmpooler.domain.CloneKind;
import org.vmpooler.store.CloneSlots;

/**
 * The store's clone slots as one manager takes and returns them: every slot is counted against this manager's id
 * too, so the slots of a manager killed mid-clone can be given back exactly by the managers that outlive it.
 */
public final class ManagerCloneSlots {
    private final CloneSlots store;
    private final String manager;

    public ManagerCloneSlots(CloneSlots store, String manager) {
        this.store = store;
        this.manager = manager;
    }

    public boolean tryAcquire(CloneKind kind, int limit) {
        return store.tryAcquireCloneSlot(kind, limit, manager);
    }

    public void release(CloneKind kind) {
        store.releaseCloneSlot(kind, manager);
    }

    public long inUse(CloneKind kind) {
        return store.cloneSlotsInUse(kind);
    }
}
