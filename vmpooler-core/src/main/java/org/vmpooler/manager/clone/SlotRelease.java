package org.vmpooler.manager.clone;

import java.util.concurrent.atomic.AtomicBoolean;

/** Gives a clone slot back exactly once, whether the clone ran to its end or never started. */
public final class SlotRelease {

    private SlotRelease() {
    }

    public static Runnable once(Runnable release) {
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                release.run();
            }
        };
    }
}
