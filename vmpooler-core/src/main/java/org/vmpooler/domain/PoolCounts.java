package org.vmpooler.domain;

/** The sizes of one pool's queues. */
public record PoolCounts(long pending, long ready, long running, long completed, long discovered, long migrating) {
    public static final PoolCounts EMPTY = new PoolCounts(0, 0, 0, 0, 0, 0);

    public long of(VmState state) {
        return switch (state) {
            case PENDING -> pending;
            case READY -> ready;
            case RUNNING -> running;
            case COMPLETED -> completed;
            case DISCOVERED -> discovered;
            case MIGRATING -> migrating;
        };
    }
}
