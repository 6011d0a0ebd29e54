package org.vmpooler.store;

import java.util.Collection;

import org.vmpooler.domain.CloneKind;

/**
 * The counters that cap how many clones of each kind run at once, across every manager on the store. Each slot is
 * also counted against the manager ({@code holder}) that took it, so the slots of a manager that died mid-clone
 * can be returned exactly, without touching the clones the live managers have in flight.
 * The atomicity and format guarantees of {@link Store} hold for every method.
 */
public interface CloneSlots {

    /**
     * Takes up to {@code wanted} clone slots of the kind for {@code holder}, as many as leave at most {@code limit}
     * in use, in one step (a pass takes what it needs at once); returns how many it took.
     */
    int tryAcquireCloneSlots(CloneKind kind, int wanted, int limit, String holder);

    /** Returns {@code count} slots {@code holder} took, in one step; no count ever goes below zero. */
    void releaseCloneSlots(CloneKind kind, int count, String holder);

    long cloneSlotsInUse(CloneKind kind);

    /**
     * Returns every slot, of both kinds, held by a manager not in {@code live} (killed before it could return
     * them); how many. Slots taken before holders were counted are left to {@link #resetCloneSlots()}.
     */
    long returnCloneSlotsOfAllBut(Collection<String> live);

    /** Zeroes both counters (at manager start, when no clone can be in flight). */
    void resetCloneSlots();
}
