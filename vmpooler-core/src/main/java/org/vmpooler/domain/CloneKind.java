package org.vmpooler.domain;

/** The two clone-slot counters: pool refills ({@code task_limit}) and on-demand clones ({@code ondemand_clone_limit}). */
public enum CloneKind {
    POOL,
    ONDEMAND
}
