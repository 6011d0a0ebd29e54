package org.vmpooler.config;

import java.time.Duration;

/**
 * Adaptive poll delay of a manager loop ({@code check_loop_delay_min/max/decay}): back to {@code min} after
 * activity, multiplied by {@code decay} up to {@code max} while idle. Already sanitised: decay &gt; 1, max &ge; min.
 */
public record LoopDelay(Duration min, Duration max, double decay) {
    public static final LoopDelay DEFAULT = new LoopDelay(Duration.ofSeconds(5), Duration.ofSeconds(60), 2.0);
}
