package org.vmpooler.domain;

/** Runtime overrides of a pool's configuration, set through the experimental API and applied by the manager. */
public enum PoolOverride {
    TEMPLATE,
    SIZE,
    CLONE_TARGET
}
