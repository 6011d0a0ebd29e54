package org.vmpooler.domain;

/** One-shot requests from the API to the manager about a pool: drain it, or undo an override. */
public enum PoolFlag {
    RESET,
    UNDO_TEMPLATE_OVERRIDE,
    UNDO_SIZE_OVERRIDE
}
