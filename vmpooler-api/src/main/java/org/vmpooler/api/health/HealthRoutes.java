package org.vmpooler.api.health;

import java.util.Map;

import io.javalin.Javalin;
import io.javalin.http.Context;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.api.http.ApiResponses;
import org.vmpooler.api.http.RouteGroup;
import org.vmpooler.store.Store;

/**
 * {@code /healthcheck}: always served (the reference only had it with Prometheus), and a load balancer learns
 * from it whether this process can reach its store: 200 {@code {"ok": true}} or 503 {@code {"ok": false}}.
 */
public final class HealthRoutes implements RouteGroup {
    private static final Logger LOG = LoggerFactory.getLogger(HealthRoutes.class);

    private final Store store;

    public HealthRoutes(Store store) {
        this.store = store;
    }

    @Override
    public void register(Javalin app) {
        app.get("/healthcheck", this::check);
    }

    private void check(Context ctx) {
        if (store.ping()) {
            ApiResponses.json(ctx, 200, Map.of("ok", true));
        } else {
            LOG.warn("health check failed: the store does not answer");
            ApiResponses.json(ctx, 503, Map.of("ok", false));
        }
    }
}
