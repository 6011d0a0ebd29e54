package org.vmpooler.api.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.api.http.ApiResponses;
import org.vmpooler.api.http.RouteGroup;
import org.vmpooler.health.ProcessHealth;

/**
 * The health endpoints, served by every process (API, manager-only, both):
 * <ul>
 * <li>{@code /healthcheck}: whether this process can reach its store, 200 {@code {"ok": true}} or 503
 * {@code {"ok": false}} (the reference only had it with Prometheus, and always answered true);</li>
 * <li>{@code /healthcheck/live}: the liveness probe, 503 only when one of the process's loops is stalled; it never
 * asks the store, so a store outage restarts nothing;</li>
 * <li>{@code /healthcheck/ready}: the readiness probe, 503 while the store does not answer or the process is not
 * yet able to serve (no pools known; the manager not started).</li>
 * </ul>
 * The probes answer {@code {"ok": ..., "checks": {...}}} naming each check.
 */
public final class HealthRoutes implements RouteGroup {
    public static final String HEALTHCHECK = "/healthcheck";
    public static final String LIVE = "/healthcheck/live";
    public static final String READY = "/healthcheck/ready";
    /** Every path of this group: probes are never rate limited. */
    public static final Set<String> PATHS = Set.of(HEALTHCHECK, LIVE, READY);

    private static final Logger LOG = LoggerFactory.getLogger(HealthRoutes.class);

    private final ProcessHealth health;

    public HealthRoutes(ProcessHealth health) {
        this.health = health;
    }

    @Override
    public void register(RoutesConfig app) {
        app.get(HEALTHCHECK, this::check);
        app.get(LIVE, ctx -> answer(ctx, "liveness", health.live()));
        app.get(READY, ctx -> answer(ctx, "readiness", health.ready()));
    }

    private void check(Context ctx) {
        if (health.storeAnswers()) {
            ApiResponses.json(ctx, 200, Map.of("ok", true));
        } else {
            LOG.warn("health check failed: the store does not answer");
            ApiResponses.json(ctx, 503, Map.of("ok", false));
        }
    }

    private static void answer(Context ctx, String probe, ProcessHealth.Report report) {
        if (!report.ok()) {
            LOG.warn("{} probe failed: {}", probe, report.checks());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ok", report.ok());
        body.put("checks", report.checks());
        ApiResponses.json(ctx, report.ok() ? 200 : 503, body);
    }
}
