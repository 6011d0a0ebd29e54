package org.vmpooler.manager;

import java.time.Duration;

import org.vmpooler.config.LoopDelay;

/**
 * The poll delay of a manager loop: back to the minimum after a cycle that did something, otherwise multiplied
 * by the decay (whole seconds, as the reference truncates) until the maximum. Not thread-safe: one per loop.
 */
public final class AdaptiveDelay {

    private final LoopDelay settings;
    private Duration current;

    public AdaptiveDelay(LoopDelay settings) {
        this.settings = settings;
        this.current = settings.min();
    }

    /** The delay to wait after a cycle, given whether it was active. */
    public Duration next(boolean active) {
        if (active) {
            current = settings.min();
        } else {
            long seconds = (long) (current.toSeconds() * settings.decay());
            Duration grown = Duration.ofSeconds(Math.max(seconds, current.toSeconds() + 1));
            current = grown.compareTo(settings.max()) > 0 ? settings.max() : grown;
        }
        return current;
    }

    /** How often a sleeping loop re-evaluates its wake-up conditions. */
    public Duration wakeupPeriod() {
        return settings.min();
    }
}
