package org.vmpooler.api.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import org.vmpooler.config.PoolConfig;
import org.vmpooler.domain.PoolCounts;

/**
 * What the dashboard page shows right now, in one response (the reference's page polled five endpoints): every
 * pool's queues against its size, the totals, on-demand work in flight and today's clone and boot times.
 */
final class Overview {
    private final List<PoolConfig> pools;

    Overview(List<PoolConfig> pools) {
        this.pools = List.copyOf(pools);
    }

    Map<String, Object> render(PoolsReading reading, long sampleSeconds) {
        long ready = 0;
        long size = 0;
        long pending = 0;
        long running = 0;
        long completed = 0;
        List<Map<String, Object>> poolEntries = new ArrayList<>();
        for (PoolConfig pool : pools) {
            PoolCounts counts = reading.counts(pool.name());
            int poolSize = reading.size(pool.name());
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", pool.name());
            entry.put("group", PoolGroups.major(pool.name()));
            entry.put("aliases", pool.aliases());
            entry.put("size", poolSize);
            entry.put("ready", counts.ready());
            entry.put("pending", counts.pending());
            entry.put("running", counts.running());
            entry.put("completed", counts.completed());
            entry.put("capacity", percent(counts.ready(), poolSize));
            entry.put("empty", poolSize > 0 && counts.ready() == 0);
            entry.put("lastBoot", reading.snapshot().lastBoot().getOrDefault(pool.name(), ""));
            String owner = reading.owners().get(pool.name());
            if (owner != null) {
                entry.put("manager", owner);
            }
            poolEntries.add(entry);
            ready += counts.ready();
            size += poolSize;
            pending += counts.pending();
            running += counts.running();
            completed += counts.completed();
        }
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("ready", ready);
        totals.put("size", size);
        totals.put("capacity", percent(ready, size));
        totals.put("pending", pending);
        totals.put("running", running);
        totals.put("completed", completed);
        totals.put("cloning", reading.snapshot().poolClonesInFlight());
        totals.put("emptyPools", poolEntries.stream().filter(p -> (Boolean) p.get("empty")).count());

        Map<String, Object> ondemand = new LinkedHashMap<>();
        ondemand.put("requested", reading.snapshot().ondemandRequested());
        ondemand.put("cloning", reading.snapshot().ondemandClonesInFlight());

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("time", reading.at().getEpochSecond());
        body.put("sampleSeconds", sampleSeconds);
        body.put("totals", totals);
        body.put("ondemand", ondemand);
        body.put("clone", durations(reading.cloneAverage(), reading.snapshot().cloneTimes().count()));
        body.put("boot", durations(reading.bootAverage(), reading.snapshot().bootTimes().count()));
        body.put("pools", poolEntries);
        return body;
    }

    private static Map<String, Object> durations(OptionalDouble average, long count) {
        Map<String, Object> durations = new LinkedHashMap<>();
        durations.put("average", average.isPresent() ? JsonNumbers.of(average.getAsDouble()) : null);
        durations.put("count", count);
        return durations;
    }

    /** Ready as a percentage of size, one decimal; a pool of size 0 counts as full. */
    private static Number percent(long ready, long size) {
        return size == 0 ? 100 : JsonNumbers.of(ready * 100.0 / size);
    }
}
