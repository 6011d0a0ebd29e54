package org.vmpooler.domain;

/** What became of a write made under a pool lease. */
public enum FencedWrite {
    /** The lease was still in force and the write changed the store. */
    APPLIED,
    /** The lease was in force but there was nothing to change (name taken, VM not in the queue). */
    UNCHANGED,
    /** The lease is no longer in force (expired, released, or taken over): nothing was written. */
    FENCED_OFF;

    public boolean applied() {
        return this == APPLIED;
    }
}
