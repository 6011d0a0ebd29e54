package org.vmpooler.config;

import java.util.Locale;
import java.util.Optional;

/**
 * {@code :config: on_empty_store}: what a manager does when the store does not know most of the VMs its provider
 * lists for a pool (Redis flushed, restarted without persistence, or the wrong Redis or database).
 */
public enum EmptyStorePolicy {
    /** Take this instance's labelled VMs back into the store, as checked out, and refill the pool beside them. */
    ADOPT,
    /** Leave them unknown and the pool unfilled until an operator acts (before {@code on_empty_store} existed). */
    HOLD,
    /**
     * Stop the manager's process with a message saying what was found and exit status {@link #STOP_EXIT_STATUS},
     * touching no VM: for operators who want a lost store to page somebody rather than be repaired.
     */
    STOP;

    /** The exit status of a process stopped by {@link #STOP}, distinct from a failed start's 1. */
    public static final int STOP_EXIT_STATUS = 3;

    static final String KEY = "on_empty_store";

    static Optional<EmptyStorePolicy> parse(String text) {
        for (EmptyStorePolicy policy : values()) {
            if (policy.name().toLowerCase(Locale.ROOT).equals(text.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(policy);
            }
        }
        return Optional.empty();
    }
}
