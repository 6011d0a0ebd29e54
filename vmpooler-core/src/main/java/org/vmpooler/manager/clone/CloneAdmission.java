package org.vmpooler.manager.clone;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.vmpooler.domain.CloneKind;

/**
 * Admits pool refills under {@code task_limit}, fairly: while several pools need VMs, each may hold at most its
 * share ({@code task_limit / pools in need}, at least one) of the clone slots, so a large pool refilling cannot
 * starve the others as it could in the reference. The slot count itself lives in the store, so the limit also
 * holds across manager processes.
 */
public final class CloneAdmission {

    private final ManagerCloneSlots slots;
    private final int limit;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    public CloneAdmission(ManagerCloneSlots slots, int limit) {
        this.slots = slots;
        this.limit = limit;
    }

    /** Takes up to {@code wanted} slots for the pool, as many as keep it within its share and are free; how many. */
    public synchronized int tryAcquire(String pool, int poolsInNeed, long wanted) {
        int share = Math.max(1, (int) Math.ceil((double) limit / Math.max(1, poolsInNeed)));
        AtomicInteger mine = inFlight(pool);
        int allowed = (int) Math.min(wanted, share - mine.get());
        if (allowed <= 0) {
            return 0;
        }
        int taken = slots.tryAcquire(CloneKind.POOL, allowed, limit);
        mine.addAndGet(taken);
        return taken;
    }

    /**
     * Not under the admission's lock: the store round trip would make every clone ending wait for the others, and
     * a count lowered before its slot is back only lets the pool take fewer for a moment.
     */
    public void release(String pool) {
        inFlight(pool).decrementAndGet();
        slots.release(CloneKind.POOL);
    }

    private AtomicInteger inFlight(String pool) {
        return inFlight.computeIfAbsent(pool, p -> new AtomicInteger());
    }
}
