package org.vmpooler.api;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.random.RandomGenerator;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.router.EndpointNotFound;

import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.component.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.api.auth.Administrators;
import org.vmpooler.api.auth.Ownership;
import org.vmpooler.api.auth.PasswordAuthenticators;
import org.vmpooler.api.auth.TokenAuthenticator;
import org.vmpooler.api.auth.TokenRoutes;
import org.vmpooler.api.config.ConfigRoutes;
import org.vmpooler.api.config.PoolOverrideRoutes;
import org.vmpooler.api.dashboard.DashboardRoutes;
import org.vmpooler.api.guard.RateLimiter;
import org.vmpooler.api.guard.RequestLimits;
import org.vmpooler.api.guard.RequestLog;
import org.vmpooler.api.health.HealthRoutes;
import org.vmpooler.api.http.ApiError;
import org.vmpooler.api.http.ApiResponses;
import org.vmpooler.api.http.FailedRequestLog;
import org.vmpooler.api.http.JsonErrorPages;
import org.vmpooler.api.http.RouteGroup;
import org.vmpooler.api.ondemand.OndemandRoutes;
import org.vmpooler.api.status.StatusRoutes;
import org.vmpooler.api.summary.SummaryRoutes;
import org.vmpooler.api.vm.VmRoutes;
import org.vmpooler.api.vm.VmTaskRoutes;
import org.vmpooler.config.AuthConfig;
import org.vmpooler.config.MetricsConfig;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.health.Heartbeats;
import org.vmpooler.health.ProcessHealth;
import org.vmpooler.health.ReadinessCondition;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.provider.PoolCapabilities;
import org.vmpooler.store.Store;
import org.vmpooler.store.StoreException;

/**
 * The vmpooler HTTP server: REST API v3, health check and the fallbacks (every unknown route or method is a
 * 404 {@code {"ok": false}}, never an HTML page or a stack trace). Requests run on virtual threads with carriers
 * of their own ({@link RequestThreads}), out of the way of the manager's. Further
 * route groups (on-demand, dashboard …) are added with {@link #withRoutes} before {@link #start}.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    /** How long {@link #close} lets requests in flight finish. */
    static final Duration GRACE = Duration.ofSeconds(10);
    /**
     * Connections the kernel holds for the server until it accepts them. The JVM's default of 50 overflowed when
     * 64 clients connected at once: the overflowing handshakes were retried by TCP a second later, so their first
     * requests took over a second. CI farms start many jobs, each a new connection, at the same moment.
     */
    static final int ACCEPT_QUEUE = 1024;

    private final VmpoolerConfig config;
    private final FailedRequestLog failures;
    private final List<RouteGroup> groups = new ArrayList<>();
    private ProcessHealth health;
    private Javalin app;
    private RequestThreads threads;

    public ApiServer(VmpoolerConfig config, Store store, Metrics metrics, Clock clock) {
        this(config, store, metrics, clock, new Random());
    }

    /** With the capabilities of the provider classes the process found (built in and plugin jars). */
    public ApiServer(VmpoolerConfig config, Store store, Metrics metrics, Clock clock, PoolCapabilities capabilities) {
        this(config, store, metrics, clock, new Random(), capabilities);
    }

    /**
     * With the random source of the alias choice given, so tests can fix its draws. Requests draw from it
     * concurrently, so it must be thread-safe ({@link Random} is).
     */
    public ApiServer(VmpoolerConfig config, Store store, Metrics metrics, Clock clock, RandomGenerator random) {
        this(config, store, metrics, clock, random, PoolCapabilities.of(config));
    }

    private ApiServer(VmpoolerConfig config, Store store, Metrics metrics, Clock clock, RandomGenerator random,
                      PoolCapabilities capabilities) {
        this.config = config;
        this.health = new ProcessHealth(store, new Heartbeats(clock, Heartbeats.DEFAULT_STALL_LIMIT),
                List.of(ReadinessCondition.poolsKnown(config)));
        this.failures = new FailedRequestLog(clock);
        TokenAuthenticator auth = new TokenAuthenticator(config.auth().isPresent(), store, clock);
        Ownership ownership = new Ownership(auth, config.global().api().ownershipEnforced(),
                config.auth().map(AuthConfig::privateReads).orElse(false));
        Administrators admins = Administrators.forConfig(auth, config.auth());
        warnAboutOpenAdministration(config);
        groups.add(new RequestLimits());
        if (config.global().api().rateLimitingEnabled()) {
            groups.add(new RateLimiter(config.rateLimits(), store, store, clock, unlimitedPaths(config)));
        }
        groups.add(new StatusRoutes(config, store, store, store, store, clock));
        groups.add(new VmRoutes(config, store, store, metrics, clock, auth, ownership, random));
        groups.add(new ConfigRoutes(config, store));
        groups.add(new VmTaskRoutes(store, store, metrics, auth, ownership, capabilities));
        groups.add(new OndemandRoutes(config, store, metrics, clock, auth, ownership, random));
        groups.add(new SummaryRoutes(store, clock));
        groups.add(new PoolOverrideRoutes(config, store, metrics, admins));
        groups.add(new DashboardRoutes(config, store, store, store, clock));
        groups.add(new TokenRoutes(config, store, clock, config.auth().map(PasswordAuthenticators::forConfig)));
    }

    private static void warnAboutOpenAdministration(VmpoolerConfig config) {
        if (config.global().api().experimentalFeatures() && config.auth().isEmpty()) {
            LOG.warn("experimental_features is on without :auth:: anyone who reaches the API can resize, retemplate "
                    + "and reset pools (see docs/SECURITY.md)");
        }
    }

    /** Probes and scrapers must not be locked out by the rate limiter, as in the reference. */
    private static Set<String> unlimitedPaths(VmpoolerConfig config) {
        Set<String> paths = new HashSet<>(HealthRoutes.PATHS);
        if (config.metrics() instanceof MetricsConfig.Prometheus prometheus) {
            paths.add(prometheus.endpoint());
        }
        return paths;
    }

    /**
     * The health of the whole process, when it runs more than the API (the manager's loops and start-up); by
     * default the probes know only the API: its store and its pools. Only before {@link #start}.
     */
    public ApiServer withHealth(ProcessHealth processHealth) {
        if (app != null) {
            throw new IllegalStateException("the health must be set before the server starts");
        }
        this.health = processHealth;
        return this;
    }

    /** Adds routes of another concern; only before {@link #start}. */
    public ApiServer withRoutes(RouteGroup group) {
        if (app != null) {
            throw new IllegalStateException("routes must be added before the server starts");
        }
        groups.add(group);
        return this;
    }

    /** Binds {@code config.server()} (port 0 picks a free port, see {@link #port}) and starts serving. */
    public synchronized ApiServer start() {
        if (app != null) {
            throw new IllegalStateException("the API server is already started");
        }
        RequestThreads requestThreads = RequestThreads.create();
        Javalin javalin = Javalin.create(cfg -> {
            cfg.concurrency.useVirtualThreads = false;
            cfg.jetty.threadPool = requestThreads.jettyPool();
            cfg.startup.showJavalinBanner = false;
            cfg.startup.startupWatcherEnabled = false;
            cfg.router.ignoreTrailingSlashes = true;
            cfg.http.defaultContentType = ApiResponses.JSON;
            RequestLimits.configure(cfg);
            JsonErrorPages.install(cfg);
            if (config.global().api().requestLogger()) {
                RequestLog.configure(cfg);
            }
            cfg.jetty.modifyServer(server -> {
                server.setStopTimeout(GRACE.toMillis());
                // Jetty 12 lets requests in flight finish on stop only behind a GracefulHandler.
                server.insertHandler(new GracefulHandler());
                // Javalin adds its connector just before starting the server, so it is configured then.
                server.addEventListener(new LifeCycle.Listener() {
                    @Override
                    public void lifeCycleStarting(LifeCycle event) {
                        for (var connector : server.getConnectors()) {
                            if (connector instanceof ServerConnector serverConnector) {
                                serverConnector.setAcceptQueueSize(ACCEPT_QUEUE);
                            }
                        }
                    }
                });
            });
            // Javalin 7 takes every route and handler in the configuration, before the server exists.
            RoutesConfig routes = cfg.routes;
            routes.before(ctx -> ctx.header("X-Content-Type-Options", "nosniff"));
            routes.get("/", ApiServer::toDashboard);
            new HealthRoutes(health).register(routes);
            groups.forEach(group -> {
                group.register(routes);
                group.lifecycle(cfg.events);
            });
            registerErrorHandling(routes);
        });
        try {
            javalin.start(config.server().bindAddress(), config.server().port());
        } catch (Exception e) {
            requestThreads.close();
            // Jetty reports a taken port as a server "STOPPED" during start (even as a checked exception, thrown
            // through Javalin, which has already stopped what it started), so the cause is found by trying the
            // port, not by reading the exception.
            throw CannotListen.diagnose(e, config.server().bindAddress(), config.server().port());
        }
        app = javalin;
        threads = requestThreads;
        LOG.info("vmpooler API listening on {}:{}", config.server().bindAddress(), port());
        return this;
    }

    /** The address or port cannot be bound: said plainly, for the operator, instead of Jetty's stack trace. */
    public static final class CannotListen extends RuntimeException {
        private CannotListen(String message, Throwable cause) {
            super(message, cause);
        }

        /** Why the start failed: a {@code CannotListen} when the address or port cannot be bound. */
        static RuntimeException diagnose(Exception failure, String address, int port) {
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName(address))) {
                return failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
            } catch (BindException e) {
                return new CannotListen("cannot listen on " + address + ":" + port + ": " + (e.getMessage()
                        .contains("in use") ? "the port is already in use (set another with PORT or :config: port, "
                        + "or stop what holds it)" : e.getMessage()), failure);
            } catch (IOException e) {
                return new CannotListen("cannot listen on " + address + ":" + port + ": " + e.getMessage(), failure);
            }
        }
    }

    /** The port actually bound. */
    public int port() {
        if (app == null) {
            throw new IllegalStateException("the API server is not started");
        }
        return app.port();
    }

    /** Stops accepting connections and lets requests in flight finish, for at most {@link #GRACE}. */
    @Override
    public synchronized void close() {
        if (app != null) {
            app.stop();
            app = null;
            threads.close();
            LOG.info("vmpooler API stopped");
        }
    }

    /** The reference redirects to the absolute dashboard URL. */
    private static void toDashboard(Context ctx) {
        String host = ctx.host();
        ctx.redirect(host == null ? "/dashboard/" : ctx.scheme() + "://" + host + "/dashboard/");
    }

    private void registerErrorHandling(RoutesConfig javalin) {
        javalin.exception(ApiError.class, (error, ctx) -> ApiResponses.error(ctx, error));
        javalin.exception(EndpointNotFound.class, (e, ctx) -> ApiResponses.json(ctx, 404, ApiResponses.notOk()));
        javalin.exception(HttpResponseException.class, (e, ctx) -> {
            Map<String, Object> body = ApiResponses.notOk();
            body.put("error", e.getMessage());
            ApiResponses.json(ctx, e.getStatus(), body);
        });
        javalin.exception(StoreException.class, (e, ctx) -> {
            failures.failed(ctx.method() + " " + RequestLog.masked(ctx.path()), "the store is unavailable", e);
            ApiResponses.error(ctx, ApiError.withMessage(503, "The store is unavailable"));
        });
        javalin.exception(Exception.class, (e, ctx) -> {
            failures.failed(ctx.method() + " " + RequestLog.masked(ctx.path()), "unexpected error", e);
            ApiResponses.error(ctx, ApiError.withMessage(500, "Internal server error"));
        });
    }
}
