package org.vmpooler.api.dashboard;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import org.vmpooler.domain.PoolCounts;

/**
 * The reference's dashboard JSON, same paths and shapes: {@code /dashboard/stats/vmpooler/pool} (per pool
 * {@code size}, {@code ready}) and {@code /dashboard/stats/vmpooler/running} (per pool group {@code running}),
 * each with a {@code history} array when asked. History comes from Graphite when one is configured and answers,
 * else from the history this process samples itself.
 */
final class LegacyStats {
    private final List<String> pools;
    private final DashboardHistory history;
    private final Optional<GraphiteHistory> graphite;

    LegacyStats(List<String> pools, DashboardHistory history, Optional<GraphiteHistory> graphite) {
        this.pools = List.copyOf(pools);
        this.history = history;
        this.graphite = graphite;
    }

    Map<String, Object> pool(PoolsReading reading, boolean withHistory) {
        Map<String, List<Double>> histories = withHistory ? readyHistories(reading) : Map.of();
        Map<String, Object> body = new LinkedHashMap<>();
        for (String pool : pools) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("size", reading.size(pool));
            entry.put("ready", reading.counts(pool).ready());
            if (withHistory) {
                entry.put("history", histories.get(pool).stream().map(JsonNumbers::of).toList());
            }
            body.put(pool, entry);
        }
        return body;
    }

    Map<String, Object> running(PoolsReading reading, boolean withHistory) {
        Map<String, List<Double>> histories = withHistory ? runningHistories(reading) : Map.of();
        Map<String, Object> body = new LinkedHashMap<>();
        PoolGroups.of(pools).forEach((group, members) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("running", members.stream().mapToLong(pool -> reading.counts(pool).running()).sum());
            if (withHistory) {
                entry.put("history", sumByIndex(members.stream().map(histories::get).toList()).stream()
                        .map(JsonNumbers::of).toList());
            }
            body.put(group, entry);
        });
        return body;
    }

    /** Every pool's ready history over the last hour; a pool without any point yet shows its current count. */
    private Map<String, List<Double>> readyHistories(PoolsReading reading) {
        Map<String, Double> current = current(reading, PoolCounts::ready);
        Map<String, Double> initial = new LinkedHashMap<>();
        pools.forEach(pool -> initial.put(pool, (double) reading.size(pool)));
        return complete(graphite.flatMap(g -> g.lastHour("ready", initial)).orElseGet(
                () -> ownHistory(DashboardHistory::ready, reading.at())), current);
    }

    private Map<String, List<Double>> runningHistories(PoolsReading reading) {
        Map<String, Double> current = current(reading, PoolCounts::running);
        Map<String, Double> initial = new LinkedHashMap<>();
        pools.forEach(pool -> initial.put(pool, 0.0));
        return complete(graphite.flatMap(g -> g.lastHour("running", initial)).orElseGet(
                () -> ownHistory(DashboardHistory::running, reading.at())), current);
    }

    private Map<String, List<Double>> ownHistory(Function<String, String> seriesName, Instant now) {
        Map<String, List<Double>> byPool = new LinkedHashMap<>();
        Map<String, List<SeriesRing.Point>> read = history.read(pools.stream().map(seriesName).toList(),
                HistoryRange.HOUR, now);
        for (String pool : pools) {
            byPool.put(pool, read.get(seriesName.apply(pool)).stream().map(SeriesRing.Point::value).toList());
        }
        return byPool;
    }

    /** A pool with no history at all gets its current value as its one point. */
    private Map<String, List<Double>> complete(Map<String, List<Double>> histories, Map<String, Double> current) {
        Map<String, List<Double>> complete = new LinkedHashMap<>();
        for (String pool : pools) {
            List<Double> points = histories.getOrDefault(pool, List.of());
            complete.put(pool, points.isEmpty() ? List.of(current.get(pool)) : points);
        }
        return complete;
    }

    private Map<String, Double> current(PoolsReading reading, ToLongFunction<PoolCounts> count) {
        Map<String, Double> current = new LinkedHashMap<>();
        pools.forEach(pool -> current.put(pool, (double) count.applyAsLong(reading.counts(pool))));
        return current;
    }

    /**
     * Sums series point by point, aligned on their latest points: series of one group are sampled together, but a
     * pool added later has a shorter history, and its missing older points count as zero.
     */
    private static List<Double> sumByIndex(List<List<Double>> series) {
        int length = series.stream().mapToInt(List::size).max().orElse(0);
        double[] sums = new double[length];
        for (List<Double> points : series) {
            int offset = length - points.size();
            for (int i = 0; i < points.size(); i++) {
                sums[offset + i] += points.get(i);
            }
        }
        return Arrays.stream(sums).boxed().toList();
    }
}
