package org.vmpooler.api.status;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import org.vmpooler.api.http.ApiResponses;
import org.vmpooler.api.http.RouteGroup;
import org.vmpooler.config.PoolConfig;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.domain.PoolCounts;
import org.vmpooler.domain.RubyTime;
import org.vmpooler.store.PoolLeases;
import org.vmpooler.store.PoolSettings;
import org.vmpooler.store.Statistics;
import org.vmpooler.store.VmQueues;

/** {@code /status}, {@code /poolstat} and {@code /totalrunning}: what the pools hold right now. */
public final class StatusRoutes implements RouteGroup {
    /** Long enough to absorb polling storms, short enough that a checkout shows up at once to a human. */
    static final Duration CACHE_AGE = Duration.ofSeconds(1);

    private final VmpoolerConfig config;
    private final VmQueues vms;
    private final PoolSettings settings;
    private final StatusCache cache;
    private final StatusReport report;

    public StatusRoutes(VmpoolerConfig config, VmQueues vms, PoolSettings settings, Statistics statistics,
                        PoolLeases leases, Clock clock) {
        this.config = config;
        this.vms = vms;
        this.settings = settings;
        this.report = new StatusReport(config, clock);
        this.cache = new StatusCache(clock, CACHE_AGE, () -> new StatusData(
                statistics.statusSnapshot(config.poolNames(), RubyTime.day(clock.instant(), clock.getZone())),
                PoolSizes.current(config, settings), settings.cloneTroubles(), leases.leaseHolders(config.poolNames()),
                leases.liveManagers()));
    }

    @Override
    public void register(RoutesConfig app) {
        app.get("/api/v3/status", this::status);
        app.get("/api/v3/poolstat", this::poolstat);
        app.get("/api/v3/totalrunning", this::totalRunning);
    }

    private void status(Context ctx) {
        ApiResponses.json(ctx, 200, report.render(cache.get(), StatusView.parse(ctx.queryString())));
    }

    /** {@code ?pool=a,b}: the pools named, or carrying one of the names as alias. */
    private void poolstat(Context ctx) {
        String param = ctx.queryParam("pool");
        List<String> names = param == null ? List.of() : Arrays.stream(param.split(",")).map(String::trim).toList();
        List<PoolConfig> selected = config.pools().stream().filter(p -> PoolAliases.matches(p, names)).toList();
        Map<String, Object> pools = new LinkedHashMap<>();
        if (!selected.isEmpty()) {
            Map<String, PoolCounts> counts = vms.counts(selected.stream().map(PoolConfig::name).toList());
            Map<String, Integer> sizes = PoolSizes.current(config, settings);
            for (PoolConfig pool : selected) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("max", sizes.get(pool.name()));
                PoolAliases.asConfigured(pool).ifPresent(alias -> entry.put("alias", alias));
                entry.put("ready", counts.getOrDefault(pool.name(), PoolCounts.EMPTY).ready());
                pools.put(pool.name(), entry);
            }
        }
        ApiResponses.json(ctx, 200, Map.of("pools", pools));
    }

    private void totalRunning(Context ctx) {
        long running = vms.counts(config.poolNames()).values().stream().mapToLong(PoolCounts::running).sum();
        ApiResponses.json(ctx, 200, Map.of("running", running));
    }
}
