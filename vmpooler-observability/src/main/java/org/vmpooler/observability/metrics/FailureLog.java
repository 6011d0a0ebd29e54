package org.vmpooler.observability.metrics;

import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;

/**
 * Logs that a sink stopped working, and that it works again, without a line per lost sample: a dead metrics
 * server must not flood the log.
 */
final class FailureLog {
    private final Logger log;
    private final String sink;
    private final AtomicBoolean failing = new AtomicBoolean();

    FailureLog(Logger log, String sink) {
        this.log = log;
        this.sink = sink;
    }

    /** {@code attempt} says what failed, e.g. {@code sending 'ready.debian'}. */
    void failed(String attempt, Exception e) {
        if (failing.compareAndSet(false, true)) {
            log.warn("{} metrics are being lost: {} failed: {}", sink, attempt, e.toString());
        }
    }

    void recovered() {
        if (failing.compareAndSet(true, false)) {
            log.info("{} metrics are delivered again", sink);
        }
    }
}
