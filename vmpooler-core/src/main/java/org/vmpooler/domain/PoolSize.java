package org.vmpooler.domain;

import java.util.Optional;

/**
 * The one rule for a pool size given as text (a runtime override, the API's {@code poolsize} body): a whole number
 * of at most {@value #MAX} written in decimal digits, surrounding blanks allowed. Signs, decimals and anything
 * larger are not sizes.
 */
public final class PoolSize {

    /** The largest size the API accepts: far beyond any real pool, small enough to catch a typo. */
    public static final int MAX = 10_000;

    private PoolSize() {
    }

    public static Optional<Integer> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String digits = text.trim();
        if (!digits.matches("[0-9]{1,9}")) {
            return Optional.empty();
        }
        int size = Integer.parseInt(digits);
        return size <= MAX ? Optional.of(size) : Optional.empty();
    }
}
