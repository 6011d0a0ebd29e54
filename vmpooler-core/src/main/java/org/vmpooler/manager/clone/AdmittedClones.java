package org.vmpooler.manager.clone;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Clones admitted for a pool's stock that are not in its pending queue yet: still waiting for a provider slot or
 * for the checks of their name. The pool counts them toward its size from the moment they are admitted, so
 * however long that wait, the next pass does not start the same VMs a second time (the surplus used to be
 * retired as soon as it was ready).
 */
public final class AdmittedClones {

    private final Map<String, AtomicInteger> waiting = new ConcurrentHashMap<>();

    /**
     * Counts one more clone for the pool until the returned action runs: when the VM is in pending, or when the
     * clone ends without getting there. Only the first run counts.
     */
    public Runnable admit(String pool) {
        AtomicInteger count = waiting.computeIfAbsent(pool, p -> new AtomicInteger());
        count.incrementAndGet();
        return SlotRelease.once(count::decrementAndGet);
    }

    /** Clones of the pool admitted and not yet in pending. */
    public int waiting(String pool) {
        AtomicInteger count = waiting.get(pool);
        return count == null ? 0 : count.get();
    }
}
