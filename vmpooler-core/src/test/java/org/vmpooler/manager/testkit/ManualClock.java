package org.vmpooler.manager.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that only moves when a test advances it (to be replaced by the shared MutableClock once on main). */
public final class ManualClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    public ManualClock(Instant start, ZoneId zone) {
        this.now = new AtomicReference<>(start);
        this.zone = zone;
    }

    public static ManualClock startingAt(String iso) {
        return new ManualClock(Instant.parse(iso), ZoneId.of("UTC"));
    }

    public void advance(Duration duration) {
        now.updateAndGet(t -> t.plus(duration));
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new ManualClock(now.get(), zone);
    }

    @Override
    public Instant instant() {
        return now.get();
    }
}
