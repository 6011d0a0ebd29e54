package org.vmpooler.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class MutableClockTest {
    private static final Instant START = Instant.parse("2026-03-19T06:40:59Z");

    @Test
    void standsStillUntilAdvanced() {
        MutableClock clock = new MutableClock(START, ZoneOffset.UTC);

        assertThat(clock.instant()).isEqualTo(START);
        assertThat(clock.advance(Duration.ofHours(3))).isEqualTo(START.plusSeconds(3 * 3600));
        assertThat(clock.instant()).isEqualTo(START.plusSeconds(3 * 3600));
        clock.set(START);
        assertThat(clock.millis()).isEqualTo(START.toEpochMilli());
    }

    @Test
    void aZonedViewSharesTheTime() {
        MutableClock utc = new MutableClock(START, ZoneOffset.UTC);
        MutableClock kolkata = utc.withZone(ZoneId.of("Asia/Kolkata"));

        utc.advance(Duration.ofMinutes(5));

        assertThat(kolkata.instant()).isEqualTo(START.plusSeconds(300));
        assertThat(kolkata.getZone()).isEqualTo(ZoneId.of("Asia/Kolkata"));
        assertThat(utc.getZone()).isEqualTo(ZoneOffset.UTC);
    }
}
