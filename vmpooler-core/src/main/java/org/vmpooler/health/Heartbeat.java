package org.vmpooler.health;

import java.time.Duration;
import java.time.Instant;

/** One loop's sign of life: by when it must next report, given what it said it is doing. */
public final class Heartbeat implements AutoCloseable {

    private final String loop;
    private final Heartbeats owner;
    private volatile Instant dueBy;

    Heartbeat(String loop, Heartbeats owner) {
        this.loop = loop;
        this.owner = owner;
        this.dueBy = owner.deadline(Duration.ZERO);
    }

    /** A pass begins: it must end within the stall limit. */
    public void working() {
        dueBy = owner.deadline(Duration.ZERO);
    }

    /** The loop sleeps for {@code delay}: it must be back within the stall limit after that. */
    public void sleeping(Duration delay) {
        dueBy = owner.deadline(delay);
    }

    /** The loop has ended on purpose: it is no longer watched. */
    @Override
    public void close() {
        owner.forget(this);
    }

    String loop() {
        return loop;
    }

    Instant dueBy() {
        return dueBy;
    }
}
