package org.vmpooler.manager.exec;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most one piece of manager work on a given VM at a time, across every pool worker of this process. Entering
 * is a single atomic set insertion (the reference's check-then-lock on lazily created mutexes let two threads
 * through).
 */
public final class VmGuard {

    private final Set<String> busy = ConcurrentHashMap.newKeySet();

    /** Returns false when the VM is already being worked on. */
    public boolean tryEnter(String vm) {
        return busy.add(vm);
    }

    public void exit(String vm) {
        busy.remove(vm);
    }

    /** Runs the work if no other work on the VM is in flight; returns whether it ran. */
    public boolean runExclusively(String vm, Runnable work) {
        if (!tryEnter(vm)) {
            return false;
        }
        try {
            work.run();
            return true;
        } finally {
            exit(vm);
        }
    }
}
