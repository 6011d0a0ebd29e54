package org.vmpooler.manager;

import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits out a loop delay, looking at a wake-up condition once per wake-up period and returning early when it
 * holds. The condition is a cheap store read; nothing is held while sleeping (the reference pinned a Redis
 * connection for the whole sleep).
 *
 * <p>A loop wakes on a beat of its own: the instants {@code phase} of a period past each whole wake-up period
 * of the clock. A sleep of {@code delay} ends on the beat nearest {@code now + delay} and looks at the condition
 * on each beat from half a period on. Loops given different phases therefore never drift into step, which loops
 * timed from the end of their last pass do: passes that start together share the manager's carrier, end together
 * and start together again. Under load the pools' passes came in clumps of up to six, and each clump's destroys
 * and clones took the cores from the API at once (bench/README.md, 2026-12-07 03:11–05:05).
 */
public final class LoopSleep {

    private final Clock clock;
    private final Sleeper sleeper;

    public LoopSleep(Clock clock, Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /**
     * Returns true when woken early by the condition. {@code phase} (from 0 inclusive to 1 exclusive) places this
     * loop's beats within the wake-up period.
     */
    public boolean sleep(Duration delay, Duration wakeupPeriod, double phase, BooleanSupplier wakeUp)
            throws InterruptedException {
        if (delay.isZero() || delay.isNegative()) {
            return false;
        }
        long period = Math.max(1, (wakeupPeriod.isZero() || wakeupPeriod.isNegative() ? delay : wakeupPeriod)
                .toMillis());
        long offset = Math.floorMod(Math.round(phase * period), period);
        long now = clock.millis();
        long end = offset + Math.round((now + delay.toMillis() - offset) / (double) period) * period;
        if (end <= now) {
            end += period;
        }
        long look = offset + Math.ceilDiv(now + period / 2 - offset, period) * period;
        while (true) {
            long until = Math.min(look, end);
            long left = until - clock.millis();
            if (left > 0) {
                sleeper.sleep(Duration.ofMillis(left));
            }
            if (wakeUp.getAsBoolean()) {
                return true;
            }
            if (until == end) {
                return false;
            }
            look += period;
        }
    }
}
