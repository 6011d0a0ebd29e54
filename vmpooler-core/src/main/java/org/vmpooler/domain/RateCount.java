package org.vmpooler.domain;

import java.time.Duration;

/** A rate-limit counter after one hit: requests counted in the current window and the time left in it. */
public record RateCount(long count, Duration remaining) {
}
