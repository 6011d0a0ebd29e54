package org.vmpooler.domain;

/** What happened when a client asked to give a VM back. */
public enum DestroyRequestOutcome {
    /** The VM was running and is now queued for destruction. */
    QUEUED,
    /** The VM was already queued for destruction or destroyed; nothing changed. */
    ALREADY_GONE,
    /** The VM exists but was never handed out (pending or ready); nothing changed. */
    NOT_RUNNING,
    /** No such VM. */
    UNKNOWN
}
