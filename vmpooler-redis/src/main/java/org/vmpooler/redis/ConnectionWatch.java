package org.vmpooler.redis;

import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import io.lettuce.core.event.Event;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ConnectionDeactivatedEvent;
import io.lettuce.core.event.connection.ConnectionEvent;
import io.lettuce.core.event.connection.ReconnectFailedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows Lettuce's connection events: logs every loss, failed reconnection attempt and recovery, and keeps the
 * current state so that errors given to callers can say that the connection is down and since when.
 *
 * <p>Behind Sentinel, Lettuce also opens short connections of its own to the sentinels, to look up the master on
 * each (re)connection: those are not the store's and are ignored.
 */
final class ConnectionWatch {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionWatch.class);

    private final String target;
    private final Clock clock;
    private final Predicate<SocketAddress> sentinel;
    private final Set<String> open = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Instant> lostSince = new AtomicReference<>();
    private final AtomicLong losses = new AtomicLong();
    private final AtomicLong recoveries = new AtomicLong();
    private volatile boolean established;
    private volatile boolean closing;

    ConnectionWatch(String target, Clock clock, Predicate<SocketAddress> sentinel) {
        this.target = target;
        this.clock = clock;
        this.sentinel = sentinel;
    }

    void on(Event event) {
        if (closing || event instanceof ConnectionEvent c && sentinel.test(c.remoteAddress())) {
            return;
        }
        switch (event) {
            case ConnectionDeactivatedEvent e -> {
                open.remove(e.localAddress() + ">" + e.remoteAddress());
                if (established && open.isEmpty() && lostSince.compareAndSet(null, clock.instant())) {
                    losses.incrementAndGet();
                    LOG.warn("Lost the connection to Redis at {} ({}); reconnecting", target, e.remoteAddress());
                }
            }
            case ReconnectFailedEvent e -> LOG.warn("Reconnection attempt {} to Redis at {} failed: {}",
                    e.getAttempt(), target, e.getCause().getMessage());
            case ConnectionActivatedEvent e -> {
                open.add(e.localAddress() + ">" + e.remoteAddress());
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

    /**
     * The store's connection is up: losses count from now on. Before, Lettuce may open and close connections of its
     * own while it finds the master among the nodes the sentinels name.
     */
    void established() {
        established = true;
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
