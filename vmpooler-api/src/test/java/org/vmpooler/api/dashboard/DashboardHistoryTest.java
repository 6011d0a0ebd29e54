package org.vmpooler.api.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DashboardHistoryTest {
    private static final Instant T0 = Instant.parse("2026-03-19T12:00:00Z");

    @Test
    void aRingKeepsOnlyItsLastPointsOldestFirst() {
        SeriesRing ring = new SeriesRing(3);
        for (int i = 1; i <= 5; i++) {
            ring.add(i, i * 10);
        }

        assertThat(ring.since(Long.MIN_VALUE)).containsExactly(new SeriesRing.Point(3, 30), new SeriesRing.Point(4, 40),
                new SeriesRing.Point(5, 50));
        assertThat(ring.since(5)).containsExactly(new SeriesRing.Point(5, 50));
    }

    @Test
    void aTierRecordsOnePointPerStepAndForgetsWhatIsOlderThanItsSpan() {
        HistoryTier tier = new HistoryTier(Duration.ofSeconds(10), Duration.ofSeconds(30));
        tier.record(100, Map.of("ready.a", 1.0));
        tier.record(105, Map.of("ready.a", 2.0));
        tier.record(110, Map.of("ready.a", 3.0));
        tier.record(120, Map.of("ready.a", 4.0));
        tier.record(130, Map.of("ready.a", 5.0));

        assertThat(tier.read(List.of("ready.a", "ready.b"), 0)).containsExactly(
                Map.entry("ready.a", List.of(new SeriesRing.Point(110, 3), new SeriesRing.Point(120, 4),
                        new SeriesRing.Point(130, 5))),
                Map.entry("ready.b", List.of()));
    }

    @Test
    void shortRangesReadTheFineTierAndTheWeekReadsFiveMinutePoints() {
        DashboardHistory history = new DashboardHistory(Duration.ofSeconds(10));
        for (int i = 0; i <= 60; i++) {
            history.record(T0.plusSeconds(10L * i), Map.of("ready.a", (double) i));
        }
        Instant now = T0.plusSeconds(600);

        assertThat(history.read(List.of("ready.a"), HistoryRange.HOUR, now).get("ready.a")).hasSize(61);
        assertThat(history.read(List.of("ready.a"), HistoryRange.WEEK, now).get("ready.a"))
                .extracting(SeriesRing.Point::value).containsExactly(0.0, 30.0, 60.0);
        assertThat(history.stepFor(HistoryRange.WEEK)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aRangeOutsideTheKnownOnesIsRejectedByName() {
        assertThat(HistoryRange.parse(null)).isEqualTo(HistoryRange.HOUR);
        assertThat(HistoryRange.parse("Week")).isEqualTo(HistoryRange.WEEK);
        assertThatThrownBy(() -> HistoryRange.parse("year"))
                .hasMessageContaining("'year'").hasMessageContaining("hour, hours, day, week");
    }

    @Test
    void aStepBelowOneSecondIsRejected() {
        assertThatThrownBy(() -> new HistoryTier(Duration.ofMillis(500), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
