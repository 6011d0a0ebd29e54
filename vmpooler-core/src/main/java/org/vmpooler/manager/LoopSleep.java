package org.vmpooler.manager;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * Waits out a loop delay in steps of the wake-up period, returning early when the wake-up condition holds. The
 * condition is a cheap store read made between steps; nothing is held while sleeping (the reference pinned a
 * Redis connection for the whole sleep).
 */
public final class LoopSleep {

    private final Clock clock;
    private final Sleeper sleeper;

    public LoopSleep(Clock clock, Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Returns true when woken early by the condition. */
    public boolean sleep(Duration delay, Duration wakeupPeriod, BooleanSupplier wakeUp) throws InterruptedException {
        if (delay.isZero() || delay.isNegative()) {
            return false;
        }
        Duration step = wakeupPeriod.isZero() || wakeupPeriod.isNegative() ? delay : wakeupPeriod;
        Instant deadline = clock.instant().plus(delay);
        while (true) {
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isZero() || left.isNegative()) {
                return false;
            }
            sleeper.sleep(left.compareTo(step) < 0 ? left : step);
            if (wakeUp.getAsBoolean()) {
                return true;
            }
        }
    }
}
