package org.vmpooler.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.lettuce.core.event.Event;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ConnectionDeactivatedEvent;
import io.lettuce.core.event.connection.ReconnectFailedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows Lettuce's connection events: logs every loss, failed reconnection attempt and recovery, and keeps the
 * current state so that errors given to callers can say that the connection is down and since when.
 */
final class ConnectionWatch {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionWatch.class);

    private final String target;
    private final Clock clock;
    private final AtomicReference<Instant> lostSince = new AtomicReference<>();
    private final AtomicLong losses = new AtomicLong();
    private final AtomicLong recoveries = new AtomicLong();
    private volatile boolean closing;

    ConnectionWatch(String target, Clock clock) {
        this.target = target;
        this.clock = clock;
    }

    void on(Event event) {
        if (closing) {
            return;
        }
        switch (event) {
            case ConnectionDeactivatedEvent e -> {
                if (lostSince.compareAndSet(null, clock.instant())) {
                    losses.incrementAndGet();
                    LOG.warn("Lost the connection to Redis at {} ({}); reconnecting", target, e.remoteAddress());
                }
            }
            case ReconnectFailedEvent e -> LOG.warn("Reconnection attempt {} to Redis at {} failed: {}",
                    e.getAttempt(), target, e.getCause().getMessage());
            case ConnectionActivatedEvent e -> {
                Instant since = lostSince.getAndSet(null);
                if (since != null) {
                    recoveries.incrementAndGet();
                    LOG.info("Reconnected to Redis at {} ({}) after {} ms of outage", target, e.remoteAddress(),
                            Duration.between(since, clock.instant()).toMillis());
                }
            }
            default -> {
                // other events (latency, cluster topology) are not about this connection's health
            }
        }
    }

    /** The store is closing its connection on purpose: nothing to report any more. */
    void closing() {
        closing = true;
    }

    /** Why a command may have failed, for error messages: empty when the connection is up. */
    String outage() {
        Instant since = lostSince.get();
        if (since == null) {
            return "";
        }
        return "; the connection was lost " + Duration.between(since, clock.instant()).toSeconds()
                + " s ago and is being re-established";
    }

    boolean connected() {
        return lostSince.get() == null;
    }

    long losses() {
        return losses.get();
    }

    long recoveries() {
        return recoveries.get();
    }

    String target() {
        return target;
    }
}
