package org.vmpooler.api.dashboard;

import java.time.Clock;
import java.time.Duration;

import io.javalin.config.EventConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import org.vmpooler.api.http.ApiError;
import org.vmpooler.api.http.ApiResponses;
import org.vmpooler.api.http.RouteGroup;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.store.PoolLeases;
import org.vmpooler.store.PoolSettings;
import org.vmpooler.store.Statistics;

/**
 * The dashboard: the live page at {@code /dashboard/}, its assets, the JSON it polls, and the reference's
 * {@code /dashboard/stats/vmpooler/*} endpoints. The history sampler runs while the HTTP server runs.
 */
public final class DashboardRoutes implements RouteGroup {
    /** Fine enough to see a checkout in the hour graph, coarse enough to cost nothing: one snapshot read. */
    static final Duration SAMPLE_INTERVAL = Duration.ofSeconds(10);

    private final Clock clock;
    private final PoolsReader reader;
    private final DashboardHistory history;
    private final HistorySampler sampler;
    private final DashboardPage page;
    private final DashboardAssets assets = new DashboardAssets();
    private final Overview overview;
    private final HistoryView historyView;
    private final LegacyStats legacy;

    public DashboardRoutes(VmpoolerConfig config, Statistics statistics, PoolSettings settings, PoolLeases leases,
                           Clock clock) {
        this.clock = clock;
        this.reader = new PoolsReader(config, statistics, settings, leases, clock);
        this.history = new DashboardHistory(SAMPLE_INTERVAL);
        this.sampler = new HistorySampler(reader, config.poolNames(), history);
        this.page = new DashboardPage(config.global().api().siteName());
        this.overview = new Overview(config.pools());
        this.historyView = new HistoryView(config.poolNames(), history);
        this.legacy = new LegacyStats(config.poolNames(), history, config.graphs().map(GraphiteHistory::new));
    }

    @Override
    public void lifecycle(EventConfig events) {
        events.serverStarted(sampler::start);
        events.serverStopping(sampler::close);
    }

    @Override
    public void register(RoutesConfig app) {
        app.get("/dashboard", this::page);
        app.get("/dashboard/assets/{file}", this::asset);
        app.get("/dashboard/stats/overview", ctx -> ApiResponses.json(ctx, 200,
                overview.render(reader.read(), history.sampleInterval().toSeconds())));
        app.get("/dashboard/stats/history", this::history);
        app.get("/dashboard/stats/vmpooler/pool", ctx -> ApiResponses.json(ctx, 200,
                legacy.pool(reader.read(), wantsHistory(ctx))));
        app.get("/dashboard/stats/vmpooler/running", ctx -> ApiResponses.json(ctx, 200,
                legacy.running(reader.read(), wantsHistory(ctx))));
    }

    private void page(Context ctx) {
        ctx.contentType("text/html; charset=utf-8");
        ctx.header("Cache-Control", "no-cache");
        ctx.result(page.html());
    }

    private void asset(Context ctx) {
        DashboardAssets.Asset asset = assets.get(ctx.pathParam("file"))
                .orElseThrow(() -> ApiError.bare(404));
        ctx.contentType(asset.contentType());
        ctx.header("Cache-Control", "no-cache");
        ctx.result(asset.bytes());
    }

    private void history(Context ctx) {
        HistoryRange range;
        try {
            range = HistoryRange.parse(ctx.queryParam("range"));
        } catch (IllegalArgumentException e) {
            throw ApiError.withMessage(400, e.getMessage());
        }
        ApiResponses.json(ctx, 200, historyView.render(range, clock.instant()));
    }

    /** {@code ?history} with any value, even none (the reference ignored a bare {@code ?history}). */
    private static boolean wantsHistory(Context ctx) {
        return ctx.queryParamMap().containsKey("history");
    }
}
