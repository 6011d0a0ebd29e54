package org.vmpooler.provider;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A connection pool's load as the reference's monitor reports it: {@code utilization} is the percentage in use
 * (two decimals); the state is critical from 90 % or more than 5 waiting callers, warning from 70 % or more than
 * 2 waiting, healthy otherwise.
 */
public record ConnectionPoolHealth(int size, int available, int inUse, double utilization, int waiting,
                                   State state) {

    public enum State {
        HEALTHY, WARNING, CRITICAL
    }

    static ConnectionPoolHealth of(int size, int available, int waiting) {
        int inUse = size - available;
        double utilization = BigDecimal.valueOf(inUse * 100.0 / size).setScale(2, RoundingMode.HALF_UP)
                .doubleValue();
        State state = utilization >= 90 || waiting > 5 ? State.CRITICAL
                : utilization >= 70 || waiting > 2 ? State.WARNING : State.HEALTHY;
        return new ConnectionPoolHealth(size, available, inUse, utilization, waiting, state);
    }
}
