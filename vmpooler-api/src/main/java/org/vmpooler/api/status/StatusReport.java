package org.vmpooler.api.status;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.vmpooler.build.Version;
import org.vmpooler.config.PoolConfig;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.domain.CloneTrouble;
import org.vmpooler.domain.DurationSummary;
import org.vmpooler.domain.PoolCounts;
import org.vmpooler.domain.StatusSnapshot;

/**
 * Renders {@code /status} from one {@link StatusData}: sections in alphabetical order, {@code status} always.
 * Unlike the reference, queue figures are summed correctly for any number of pools, {@code requested} counts
 * the real on-demand backlog, empty pools are reported whichever sections were asked for, and a pool whose clones
 * fail says why ({@code clone_trouble}). Where managers share the pools through leases, each pool names its owner
 * ({@code manager}) and {@code status.managers} lists the managers alive.
 */
final class StatusReport {
    private static final String FULLY_ARMED = "Battle station fully armed and operational.";

    private final VmpoolerConfig config;
    private final Clock clock;

    StatusReport(VmpoolerConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    Map<String, Object> render(StatusData data, Set<StatusView.Section> sections) {
        StatusSnapshot snapshot = data.snapshot();
        Map<String, Object> body = new LinkedHashMap<>();
        if (sections.contains(StatusView.Section.BOOT)) {
            body.put("boot", durations(snapshot.bootTimes()));
        }
        if (sections.contains(StatusView.Section.CAPACITY)) {
            body.put("capacity", capacity(data));
        }
        if (sections.contains(StatusView.Section.CLONE)) {
            body.put("clone", durations(snapshot.cloneTimes()));
        }
        if (sections.contains(StatusView.Section.POOLS)) {
            body.put("pools", pools(data));
        }
        if (sections.contains(StatusView.Section.QUEUE)) {
            body.put("queue", queue(snapshot));
        }
        body.put("status", status(data));
        return body;
    }

    private Map<String, Object> capacity(StatusData data) {
        long total = 0;
        long current = 0;
        for (PoolConfig pool : config.pools()) {
            total += data.sizes().getOrDefault(pool.name(), pool.size());
            current += counts(data.snapshot(), pool.name()).ready();
        }
        Map<String, Object> capacity = new LinkedHashMap<>();
        capacity.put("current", current);
        capacity.put("total", total);
        capacity.put("percent", total == 0 ? (Object) 0 : round(current * 100.0 / total, 1));
        return capacity;
    }

    private Map<String, Object> queue(StatusSnapshot snapshot) {
        long pending = 0;
        long ready = 0;
        long running = 0;
        long completed = 0;
        for (PoolConfig pool : config.pools()) {
            PoolCounts counts = counts(snapshot, pool.name());
            pending += counts.pending();
            ready += counts.ready();
            running += counts.running();
            completed += counts.completed();
        }
        long cloning = snapshot.poolClonesInFlight() + snapshot.ondemandClonesInFlight();
        long requested = snapshot.ondemandRequested();
        Map<String, Object> queue = new LinkedHashMap<>();
        queue.put("requested", requested);
        queue.put("pending", pending);
        queue.put("cloning", cloning);
        queue.put("booting", Math.max(0, pending - cloning));
        queue.put("ready", ready);
        queue.put("running", running);
        queue.put("completed", completed);
        queue.put("total", requested + pending + ready + running + completed);
        return queue;
    }

    /** Today's clone or boot durations: average (1 decimal), min, max, total seconds and count. */
    private static Map<String, Object> durations(DurationSummary times) {
        Map<String, Object> duration = new LinkedHashMap<>();
        if (times.count() == 0) {
            duration.put("average", 0);
            duration.put("min", 0);
            duration.put("max", 0);
            duration.put("total", 0);
        } else {
            duration.put("average", round(times.total() / times.count(), 1));
            duration.put("min", times.min());
            duration.put("max", times.max());
            duration.put("total", round(times.total(), 2));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("duration", duration);
        body.put("count", Map.of("total", times.count()));
        return body;
    }

    private Map<String, Object> pools(StatusData data) {
        Map<String, Object> pools = new LinkedHashMap<>();
        for (PoolConfig pool : config.pools()) {
            PoolCounts counts = counts(data.snapshot(), pool.name());
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("ready", counts.ready());
            entry.put("running", counts.running());
            entry.put("pending", counts.pending());
            entry.put("max", data.sizes().getOrDefault(pool.name(), pool.size()));
            entry.put("lastBoot", data.snapshot().lastBoot().getOrDefault(pool.name(), ""));
            PoolAliases.asConfigured(pool).ifPresent(alias -> entry.put("alias", alias));
            CloneTrouble trouble = data.cloneTroubles().get(pool.name());
            if (trouble != null) {
                entry.put("clone_trouble", trouble.toStatus());
            }
            String owner = data.owners().get(pool.name());
            if (owner != null) {
                entry.put("manager", owner);
            }
            pools.put(pool.name(), entry);
        }
        return pools;
    }

    private Map<String, Object> status(StatusData data) {
        List<String> empty = new ArrayList<>();
        for (PoolConfig pool : config.pools()) {
            int size = data.sizes().getOrDefault(pool.name(), pool.size());
            if (size != 0 && counts(data.snapshot(), pool.name()).ready() == 0) {
                empty.add(pool.name());
            }
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("ok", empty.isEmpty());
        status.put("message", empty.isEmpty() ? FULLY_ARMED : "Found " + empty.size() + " empty pools.");
        status.put("version", Version.current());
        if (!empty.isEmpty()) {
            status.put("empty", empty);
        }
        Duration uptime = Duration.between(config.loadedAt(), clock.instant());
        status.put("uptime", round(uptime.toMillis() / 1000.0, 1));
        if (!data.managers().isEmpty()) {
            status.put("managers", data.managers());
        }
        return status;
    }

    private static PoolCounts counts(StatusSnapshot snapshot, String pool) {
        return snapshot.counts().getOrDefault(pool, PoolCounts.EMPTY);
    }

    private static double round(double value, int decimals) {
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
    }
}
