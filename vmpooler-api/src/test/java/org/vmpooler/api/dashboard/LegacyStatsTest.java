package org.vmpooler.api.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.vmpooler.domain.DurationSummary;
import org.vmpooler.domain.PoolCounts;
import org.vmpooler.domain.StatusSnapshot;

/** The reference's dashboard JSON, fed from the history this process sampled. */
class LegacyStatsTest {
    private static final Instant T0 = Instant.parse("2026-03-19T12:00:00Z");
    private static final List<String> POOLS = List.of("pool-1", "pool-2", "diffpool-1", "solo");

    private final DashboardHistory history = new DashboardHistory(Duration.ofSeconds(10));
    private final LegacyStats stats = new LegacyStats(POOLS, history, Optional.empty());

    private static PoolsReading reading(Instant at, Map<String, PoolCounts> counts) {
        StatusSnapshot snapshot = new StatusSnapshot(counts, Map.of(), 0, 0, 0, DurationSummary.EMPTY,
                DurationSummary.EMPTY);
        return new PoolsReading(at, snapshot, Map.of("pool-1", 5, "pool-2", 5, "diffpool-1", 2, "solo", 1));
    }

    private static PoolCounts ready(long ready) {
        return new PoolCounts(0, ready, 0, 0, 0, 0);
    }

    private static PoolCounts running(long running) {
        return new PoolCounts(0, 0, running, 0, 0, 0);
    }

    @Test
    void poolStatsGiveSizeAndReadyAndTheSampledReadyHistory() {
        history.record(T0, Map.of("ready.pool-1", 1.0, "ready.pool-2", 4.0));
        history.record(T0.plusSeconds(10), Map.of("ready.pool-1", 2.0, "ready.pool-2", 5.0));
        PoolsReading now = reading(T0.plusSeconds(15), Map.of("pool-1", ready(3), "pool-2", ready(5)));

        Map<String, Object> body = stats.pool(now, true);

        assertThat(body.keySet()).containsExactly("pool-1", "pool-2", "diffpool-1", "solo");
        assertThat(body.get("pool-1")).isEqualTo(Map.of("size", 5, "ready", 3L, "history", List.of(1L, 2L)));
        assertThat(body.get("pool-2")).isEqualTo(Map.of("size", 5, "ready", 5L, "history", List.of(4L, 5L)));
        assertThat(body.get("solo")).as("no point sampled yet: the current count")
                .isEqualTo(Map.of("size", 1, "ready", 0L, "history", List.of(0L)));
        assertThat(stats.pool(now, false).get("pool-1")).isEqualTo(Map.of("size", 5, "ready", 3L));
    }

    @Test
    void runningIsSummedPerGroupAndAPoolWithoutDashIsItsOwnGroup() {
        history.record(T0, Map.of("running.pool-1", 1.0, "running.diffpool-1", 2.0));
        history.record(T0.plusSeconds(10), Map.of("running.pool-1", 2.0, "running.pool-2", 3.0,
                "running.diffpool-1", 2.0, "running.solo", 1.0));
        PoolsReading now = reading(T0.plusSeconds(12),
                Map.of("pool-1", running(3), "pool-2", running(5), "diffpool-1", running(2), "solo", running(1)));

        Map<String, Object> body = stats.running(now, true);

        assertThat(body).containsExactly(
                Map.entry("pool", Map.of("running", 8L, "history", List.of(1L, 5L))),
                Map.entry("diffpool", Map.of("running", 2L, "history", List.of(2L, 2L))),
                Map.entry("solo", Map.of("running", 1L, "history", List.of(1L))));
        assertThat(stats.running(now, false).get("pool")).isEqualTo(Map.of("running", 8L));
    }
}
