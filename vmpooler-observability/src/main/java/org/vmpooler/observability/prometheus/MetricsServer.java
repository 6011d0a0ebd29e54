package org.vmpooler.observability.prometheus;

import io.javalin.Javalin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.api.health.HealthRoutes;
import org.vmpooler.api.http.RouteGroup;
import org.vmpooler.config.ServerConfig;
import org.vmpooler.health.ProcessHealth;

/**
 * What a manager-only process serves: the health endpoints ({@code /healthcheck}, as the reference does, and the
 * liveness and readiness probes) and, with the Prometheus backend, the scrape endpoint. Everything else is a 404.
 */
public final class MetricsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

    private final Javalin app;

    private MetricsServer(Javalin app) {
        this.app = app;
    }

    public static MetricsServer start(ServerConfig server, ProcessHealth health, RouteGroup... more) {
        Javalin app = Javalin.create(cfg -> {
            cfg.concurrency.useVirtualThreads = true;
            cfg.startup.showJavalinBanner = false;
            cfg.startup.startupWatcherEnabled = false;
            cfg.router.ignoreTrailingSlashes = true;
            new HealthRoutes(health).register(cfg.routes);
            for (RouteGroup group : more) {
                group.register(cfg.routes);
                group.lifecycle(cfg.events);
            }
        });
        app.start(server.bindAddress(), server.port());
        LOG.info("manager health and metrics endpoint listening on {}:{}", server.bindAddress(), app.port());
        return new MetricsServer(app);
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
