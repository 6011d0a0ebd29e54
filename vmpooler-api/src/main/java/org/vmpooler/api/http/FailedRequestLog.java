package org.vmpooler.api.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests that failed on the server's side (the store unreachable, a bug): one line per request, and the stack
 * trace only for the first failure of a kind in each {@link #INTERVAL}. During a store outage every request fails
 * the same way, and a trace per request buried the log (hundreds of 60-line traces for a ten-second outage).
 * A kind is where the exception was thrown and what its root cause was.
 */
public final class FailedRequestLog {
    public static final Duration INTERVAL = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(FailedRequestLog.class);

    private final Clock clock;
    private final Map<String, Instant> lastTraced = new ConcurrentHashMap<>();

    public FailedRequestLog(Clock clock) {
        this.clock = clock;
    }

    /** {@code request} is what may be logged of it (method and masked path), {@code what} the failure in words. */
    public void failed(String request, String what, Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String cause = root == e ? e.toString() : e + " caused by " + root;
        if (firstOfItsKindLately(e, root)) {
            LOG.error("{} failed: {}: {}", request, what, cause, e);
        } else {
            LOG.error("{} failed: {}: {} (stack trace logged once per {} minute(s) for this kind)", request, what,
                    cause, INTERVAL.toMinutes());
        }
    }

    private boolean firstOfItsKindLately(Exception e, Throwable root) {
        StackTraceElement[] frames = e.getStackTrace();
        String kind = e.getClass().getName() + "@" + (frames.length == 0 ? "?" : frames[0]) + "/"
                + root.getClass().getName();
        Instant now = clock.instant();
        boolean[] trace = new boolean[1];
        lastTraced.compute(kind, (k, last) -> {
            trace[0] = last == null || !now.isBefore(last.plus(INTERVAL));
            return trace[0] ? now : last;
        });
        return trace[0];
    }
}
