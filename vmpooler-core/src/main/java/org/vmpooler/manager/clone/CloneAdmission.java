package org.vmpooler.manager.clone;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.vmpooler.domain.CloneKind;
import org.vmpooler.store.Store;

/**
 * Admits pool refills under {@code task_limit}, fairly: while several pools need VMs, each may hold at most its
 * share ({@code task_limit / pools in need}, at least one) of the clone slots, so a large pool refilling cannot
 * starve the others as it could in the reference. The slot count itself lives in the store, so the limit also
 * holds across manager processes.
 */
public final class CloneAdmission {

    private final Store store;
    private final int limit;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    public CloneAdmission(Store store, int limit) {
        this.store = store;
        this.limit = limit;
    }

    /** Takes a slot for the pool when it is below its share and a slot is free. */
    public synchronized boolean tryAcquire(String pool, int poolsInNeed) {
        int share = Math.max(1, (int) Math.ceil((double) limit / Math.max(1, poolsInNeed)));
        AtomicInteger mine = inFlight(pool);
        if (mine.get() >= share || !store.tryAcquireCloneSlot(CloneKind.POOL, limit)) {
            return false;
        }
        mine.incrementAndGet();
        return true;
    }

    public synchronized void release(String pool) {
        inFlight(pool).decrementAndGet();
        store.releaseCloneSlot(CloneKind.POOL);
    }

    /** Clones this process runs for the pool. */
    public int clonesInFlight(String pool) {
        return inFlight(pool).get();
    }

    private AtomicInteger inFlight(String pool) {
        return inFlight.computeIfAbsent(pool, p -> new AtomicInteger());
    }
}
