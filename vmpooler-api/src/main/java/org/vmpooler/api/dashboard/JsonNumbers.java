package org.vmpooler.api.dashboard;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Counts sampled as doubles go out as JSON integers; durations keep one decimal. */
final class JsonNumbers {
    private JsonNumbers() {
    }

    static Number of(double value) {
        if (value == Math.rint(value) && Math.abs(value) < Long.MAX_VALUE) {
            return (long) value;
        }
        return BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP).doubleValue();
    }
}
