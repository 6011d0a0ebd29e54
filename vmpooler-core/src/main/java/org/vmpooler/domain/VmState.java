package org.vmpooler.domain;

/**
 * The per-pool queues a VM can sit in. A VM is in exactly one of the first five; {@link #MIGRATING} is an
 * auxiliary work list that a freshly checked-out VM shares with {@link #RUNNING}.
 */
public enum VmState {
    PENDING("pending"),
    READY("ready"),
    RUNNING("running"),
    COMPLETED("completed"),
    DISCOVERED("discovered"),
    MIGRATING("migrating");

    private final String wireName;

    VmState(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in Redis keys ({@code vmpooler__<wireName>__<pool>}) and in logs. */
    public String wireName() {
        return wireName;
    }

    /** The five exclusive states, in the order the manager checks them. */
    public static final java.util.List<VmState> EXCLUSIVE = java.util.List.of(PENDING, READY, RUNNING, COMPLETED, DISCOVERED);
}
