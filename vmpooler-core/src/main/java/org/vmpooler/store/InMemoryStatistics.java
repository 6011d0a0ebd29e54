package org.vmpooler.store;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.domain.CloneKind;
import org.vmpooler.domain.DailyStat;
import org.vmpooler.domain.DurationSummary;
import org.vmpooler.domain.StatusSnapshot;

/**
 * The in-memory {@link Statistics}.
 * Callers go through {@link InMemoryStore}.
 */
final class InMemoryStatistics implements Statistics {
    private static final Logger LOG = LoggerFactory.getLogger(InMemoryStatistics.class);

    private final LockedKeyspace data;
    private final Keyspace keys;
    private final InMemoryOndemandRequests ondemand;

    InMemoryStatistics(LockedKeyspace data, InMemoryOndemandRequests ondemand) {
        this.data = data;
        this.keys = data.keys();
        this.ondemand = ondemand;
    }

    @Override
    public Map<String, String> dailyStats(DailyStat stat, LocalDate day) {
        return data.atomically(() -> keys.hgetAll(Keys.dailyStat(stat, day)));
    }

    @Override
    public StatusSnapshot statusSnapshot(Collection<String> pools, LocalDate day) {
        return data.atomically(() -> {
            Map<String, String> lastBoot = new LinkedHashMap<>();
            for (String pool : pools) {
                keys.hget(Keys.LASTBOOT, pool).ifPresent(t -> lastBoot.put(pool, t));
            }
            return new StatusSnapshot(InMemoryVmQueues.countsOf(keys, pools), lastBoot,
                    keys.counter(Keys.cloneSlots(CloneKind.POOL)), keys.counter(Keys.cloneSlots(CloneKind.ONDEMAND)),
                    ondemand.vmsNotYetCloning(),
                    durations(Keys.dailyStat(DailyStat.CLONE, day)), durations(Keys.dailyStat(DailyStat.BOOT, day)));
        });
    }

    private DurationSummary durations(String key) {
        List<Double> seconds = new ArrayList<>();
        for (String value : keys.hgetAll(key).values()) {
            try {
                seconds.add(Double.parseDouble(value));
            } catch (NumberFormatException e) {
                LOG.debug("ignoring unreadable duration '{}' in {}", value, key);
            }
        }
        return DurationSummary.of(seconds);
    }
}
