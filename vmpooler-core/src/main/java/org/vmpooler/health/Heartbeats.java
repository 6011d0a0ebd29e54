package org.vmpooler.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether the process's loops still turn, for the liveness probe. Each loop holds a {@link Heartbeat} and says
 * when a pass starts and when it goes to sleep; a loop is stalled when a pass has run longer than the stall
 * limit, or when it has slept past its wake-up time by more than that limit. Reads only the clock, never the
 * store, so an outage of Redis never makes a process look dead.
 */
public final class Heartbeats {

    /** How long a pass may run before its loop counts as stuck, unless configured. */
    public static final Duration DEFAULT_STALL_LIMIT = Duration.ofMinutes(15);

    private final Clock clock;
    private final Duration stallLimit;
    private final Map<String, Heartbeat> loops = new ConcurrentHashMap<>();

    public Heartbeats(Clock clock, Duration stallLimit) {
        if (stallLimit.isZero() || stallLimit.isNegative()) {
            throw new IllegalArgumentException("the stall limit must be positive, not " + stallLimit);
        }
        this.clock = clock;
        this.stallLimit = stallLimit;
    }

    /** Starts watching a loop (as if it had just begun a pass); its name must be unique while it runs. */
    public Heartbeat register(String loop) {
        Heartbeat heartbeat = new Heartbeat(loop, this);
        if (loops.putIfAbsent(loop, heartbeat) != null) {
            throw new IllegalStateException("a loop named '" + loop + "' is already watched");
        }
        return heartbeat;
    }

    /** Names of the loops that are stalled now, sorted. */
    public List<String> stalled() {
        Instant now = clock.instant();
        return loops.values().stream().filter(h -> now.isAfter(h.dueBy())).map(Heartbeat::loop).sorted().toList();
    }

    /** How many loops are watched. */
    public int watched() {
        return loops.size();
    }

    Instant deadline(Duration beyondLimit) {
        return clock.instant().plus(beyondLimit).plus(stallLimit);
    }

    void forget(Heartbeat heartbeat) {
        loops.remove(heartbeat.loop(), heartbeat);
    }
}
