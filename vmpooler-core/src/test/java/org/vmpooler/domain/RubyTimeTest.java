package org.vmpooler.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class RubyTimeTest {
    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");

    @Test
    void formatsLikeRubyTimeToS() {
        assertThat(RubyTime.iso8601(Instant.parse("2026-03-19T06:40:59Z"), ZoneId.of("UTC"))).isEqualTo("2026-03-19T06:40:59+00:00");
        Instant t = Instant.parse("2026-03-19T06:40:59Z");
        assertThat(RubyTime.format(t, KOLKATA)).isEqualTo("2026-03-19 12:10:59 +0530");
        assertThat(RubyTime.format(t, ZoneId.of("UTC"))).isEqualTo("2026-03-19 06:40:59 +0000");
        assertThat(RubyTime.iso8601(t, KOLKATA)).isEqualTo("2026-03-19T12:10:59+05:30");
    }

    @Test
    void parsesEveryFormTheReferenceWrites() {
        Instant t = Instant.parse("2026-03-19T06:40:59Z");
        assertThat(RubyTime.parse("2026-03-19 12:10:59 +0530", KOLKATA)).contains(t);
        assertThat(RubyTime.parse("2026-03-19T12:10:59+05:30", KOLKATA)).contains(t);
        assertThat(RubyTime.parse("2026-03-19 12:10:59", KOLKATA)).contains(t);
        assertThat(RubyTime.parse(String.valueOf(t.getEpochSecond()), KOLKATA)).contains(t);
        assertThat(RubyTime.parse("not a time", KOLKATA)).isEmpty();
        assertThat(RubyTime.parse("", KOLKATA)).isEmpty();
        assertThat(RubyTime.parse(null, KOLKATA)).isEmpty();
    }

    @Test
    void durationsAreSecondsWithTwoDecimals() {
        assertThat(RubyTime.seconds(Duration.ofMillis(12_345))).isEqualTo("12.35");
        assertThat(RubyTime.seconds(Duration.ZERO)).isEqualTo("0.00");
        assertThat(RubyTime.seconds(Duration.ofMillis(5))).isEqualTo("0.01");
        assertThat(RubyTime.seconds(Duration.ofNanos(4_999_999))).isEqualTo("0.00");
        assertThat(RubyTime.seconds(Duration.ofSeconds(3_600, 70_000_000))).isEqualTo("3600.07");
        assertThat(RubyTime.seconds(Duration.ofMillis(-1_250))).isEqualTo("-1.25");
    }

    @Test
    void durationsAreWhatTwoDecimalFormattingGives() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            Duration duration = Duration.ofNanos(random.nextLong(-5_000_000_000_000L, 5_000_000_000_000L));
            assertThat(RubyTime.seconds(duration)).as("%s", duration)
                    .isEqualTo(String.format(java.util.Locale.ROOT, "%.2f", duration.toNanos() / 1e9));
        }
    }

    @Test
    void leadingIntBehavesLikeRubyToI() {
        assertThat(VmRecord.leadingInt("5abc")).isEqualTo(5);
        assertThat(VmRecord.leadingInt("abc")).isZero();
        assertThat(VmRecord.leadingInt("-3")).isEqualTo(-3);
        assertThat(VmRecord.leadingInt(" 12 ")).isEqualTo(12);
    }
}
