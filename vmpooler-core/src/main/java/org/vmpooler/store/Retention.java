package org.vmpooler.store;

import java.time.Duration;

/**
 * How long the stores keep records whose retention is fixed rather than configured (the reference's periods),
 * so both adapters expire them alike.
 */
public final class Retention {
    /** A fulfilled on-demand request (the reference's 30 days). */
    public static final Duration READY_REQUEST = Duration.ofDays(30);
    /**
     * An on-demand request its client deleted: the reference documented two weeks but set 1,296,000 s; its
     * two weeks are what this store keeps.
     */
    public static final Duration DELETED_REQUEST = Duration.ofDays(14);

    private Retention() {
    }
}
