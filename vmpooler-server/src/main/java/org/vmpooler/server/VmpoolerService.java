package org.vmpooler.server;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.api.ApiServer;
import org.vmpooler.api.http.RouteGroup;
import org.vmpooler.build.Version;
import org.vmpooler.config.Settings;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.dns.DnsRegistry;
import org.vmpooler.health.Heartbeats;
import org.vmpooler.health.ProcessHealth;
import org.vmpooler.health.ReadinessCondition;
import org.vmpooler.manager.PoolManager;
import org.vmpooler.manager.check.StoreLostData;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.observability.metrics.MetricsSink;
import org.vmpooler.observability.metrics.StoreConnectionMonitor;
import org.vmpooler.observability.prometheus.HttpRequestMetrics;
import org.vmpooler.observability.prometheus.MetricRole;
import org.vmpooler.observability.prometheus.MetricsServer;
import org.vmpooler.observability.prometheus.PrometheusRoutes;
import org.vmpooler.observability.tracing.HttpRequestTracing;
import org.vmpooler.observability.tracing.Instrumented;
import org.vmpooler.observability.tracing.Tracing;
import org.vmpooler.plugin.PluginPath;
import org.vmpooler.plugin.Plugins;
import org.vmpooler.provider.PoolCapabilities;
import org.vmpooler.provider.ProviderHealthMonitor;
import org.vmpooler.provider.ProviderRegistry;
import org.vmpooler.redis.RedisStore;
import org.vmpooler.store.Store;

/**
 * One running vmpooler process: metrics sink and tracing, the store, and the API and/or the pool manager on it
 * (a manager-only process serves the health endpoints and the Prometheus endpoint on its own small server). The
 * process's health (docs/OPERATIONS.md) joins both: liveness from the manager's loops, readiness from the store,
 * the API's pools and the manager's start-up. Stopping it
 * stops the HTTP side first (requests in flight finish), then the manager (workers stop, provider calls in flight
 * finish), then closes the store and flushes metrics and spans — so nothing is left half-moved.
 */
final class VmpoolerService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VmpoolerService.class);
    private static final Duration CONNECTION_REPORT_PERIOD = Duration.ofSeconds(10);

    private final Store store;
    private final MetricsSink sink;
    private final Tracing tracing;
    private final List<AutoCloseable> parts = new ArrayList<>();
    private ApiServer api;
    private MetricsServer metricsServer;

    private VmpoolerService(Store store, MetricsSink sink, Tracing tracing) {
        this.store = store;
        this.sink = sink;
        this.tracing = tracing;
    }

    static VmpoolerService start(VmpoolerConfig config, Set<Role> roles, Clock clock) {
        return start(config, roles, clock, Plugins.load(PluginPath.fromEnvironment()), ServedPools.DEFAULT_WAIT,
                Optional.empty());
    }

    /** {@code publishedPoolsWait}: how long an API without {@code :pools:} waits for a manager's publication. */
    static VmpoolerService start(VmpoolerConfig config, Set<Role> roles, Clock clock, Duration publishedPoolsWait) {
        return start(config, roles, clock, Plugins.load(PluginPath.fromEnvironment()), publishedPoolsWait,
                Optional.empty());
    }

    /**
     * Starts with the plugins already found (the start-up check loaded them to judge their keys); {@code stop}
     * ends the process when the manager finds the store lost its data under {@code on_empty_store: stop}.
     */
    static VmpoolerService start(VmpoolerConfig config, Set<Role> roles, Clock clock, Plugins plugins,
                                 Consumer<StoreLostData> stop) {
        return start(config, roles, clock, plugins, ServedPools.DEFAULT_WAIT, Optional.of(stop));
    }

    private static VmpoolerService start(VmpoolerConfig config, Set<Role> roles, Clock clock, Plugins plugins,
                                         Duration publishedPoolsWait, Optional<Consumer<StoreLostData>> stop) {
        Tracing tracing = Tracing.start(config.tracing(), Tracing.serviceName(roles.contains(Role.API),
                roles.contains(Role.MANAGER), config.global().provisioning().prefix()));
        MetricsSink sink = MetricsSink.open(config.metrics(), metricRoles(roles), clock);
        Metrics metrics = sink.metrics();
        Instrumented instrumented = new Instrumented(tracing.tracer());
        Store raw;
        try {
            raw = StoreFactory.open(config, clock);
        } catch (RuntimeException e) {
            sink.close();
            tracing.close();
            throw e;
        }
        VmpoolerService service = new VmpoolerService(instrumented.store(raw, metrics), sink, tracing);
        try {
            if (raw instanceof RedisStore redis) {
                service.parts.add(new StoreConnectionMonitor(metrics, CONNECTION_REPORT_PERIOD, redis::connected,
                        redis::connectionLosses, redis::connectionRecoveries));
            }
            Heartbeats heartbeats = new Heartbeats(clock, stallLimit(config));
            AtomicBoolean managerStarted = new AtomicBoolean();
            VmpoolerConfig apiConfig = roles.contains(Role.API) && !roles.contains(Role.MANAGER)
                    ? ServedPools.of(config, service.store, publishedPoolsWait) : config;
            ProcessHealth health = new ProcessHealth(service.store, heartbeats,
                    readiness(apiConfig, roles, managerStarted));
            List<RouteGroup> metricsRoutes = sink.prometheus().<List<RouteGroup>>map(prometheus -> List.of(
                    new PrometheusRoutes(prometheus.registry(), prometheus.config().endpoint()),
                    new HttpRequestMetrics(prometheus.registry(), prometheus.config().metricPrefix())))
                    .orElse(List.of());
            // The HTTP side starts first and stops first; the manager starts last, once everything it reports
            // to is up, so its "started" line means the whole process is.
            // Third-party jars are looked up per start, so dropping one in the folder needs only a restart. The API
            // needs their classes too, to know what each pool's provider can do.
            plugins.logLoaded();
            if (roles.contains(Role.API)) {
                service.api = new ApiServer(apiConfig, service.store, metrics, clock,
                        PoolCapabilities.of(apiConfig, plugins.providerFactories())).withHealth(health)
                        .withRoutes(new HttpRequestTracing(tracing.openTelemetry()));
                metricsRoutes.forEach(service.api::withRoutes);
                service.api.start();
                service.parts.add(service.api);
            } else {
                service.metricsServer = MetricsServer.start(config.server(), health,
                        metricsRoutes.toArray(RouteGroup[]::new));
                service.parts.add(service.metricsServer);
            }
            if (roles.contains(Role.MANAGER)) {
                ProviderRegistry providers = ProviderRegistry.load(config, metrics, clock,
                        plugins.providerFactories(), plugins.searched());
                DnsRegistry dns = DnsRegistry.load(config, metrics, plugins.dnsFactories(), plugins.searched());
                Store managerStore = service.store;
                if (roles.contains(Role.API) && raw instanceof RedisStore) {
                    // A connection of its own: on a shared one, the manager's bulk reads and scripts of every
                    // pass queue ahead of the API's checkouts (bench/README.md, "API beside the manager").
                    managerStore = instrumented.store(StoreFactory.open(config, clock), metrics);
                }
                PoolManager.Builder builder = PoolManager.builder(config, managerStore).metrics(metrics).clock(clock)
                        .providers(pool -> instrumented.provider(providers.forPool(pool)))
                        .dns(pool -> instrumented.dns(dns.forPool(pool))).heartbeats(heartbeats)
                        .providerMonitor(new ProviderHealthMonitor(providers, metrics)::report);
                stop.ifPresent(process -> builder.onStoreLost(lost -> {
                    LOG.error("[!] {}", lost.getMessage());
                    process.accept(lost);
                }));
                PoolManager manager = builder.build();
                service.parts.add(manager);
                // After the manager: its last provider and DNS call has ended when they end their sessions.
                service.parts.add(providers);
                service.parts.add(dns);
                if (managerStore != service.store) {
                    service.parts.add(managerStore);
                }
                manager.start();
                managerStarted.set(true);
            }
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        metrics.gauge("build_info." + Version.current(), 1);
        LOG.info("vmpooler started: {} on {}; version {}", roles, JvmDescription.current(), Version.current());
        return service;
    }

    /** What the readiness probe waits for besides the store: the API's pools, the manager's start-up. */
    private static List<ReadinessCondition> readiness(VmpoolerConfig apiConfig, Set<Role> roles,
                                                      AtomicBoolean managerStarted) {
        List<ReadinessCondition> conditions = new ArrayList<>();
        if (roles.contains(Role.API)) {
            conditions.add(ReadinessCondition.poolsKnown(apiConfig));
        }
        if (roles.contains(Role.MANAGER)) {
            conditions.add(ReadinessCondition.managerStarted(managerStarted::get));
        }
        return conditions;
    }

    /** {@code :config: loop_stall_timeout}: seconds a manager loop's pass may run before the liveness probe fails. */
    private static Duration stallLimit(VmpoolerConfig config) {
        Settings settings = config.global().extras();
        int seconds = settings.integer("loop_stall_timeout", (int) Heartbeats.DEFAULT_STALL_LIMIT.toSeconds());
        if (seconds < 1) {
            throw settings.invalid("loop_stall_timeout", seconds, "a number of seconds of at least 1");
        }
        return Duration.ofSeconds(seconds);
    }

    private static Set<MetricRole> metricRoles(Set<Role> roles) {
        Set<MetricRole> metricRoles = EnumSet.noneOf(MetricRole.class);
        if (roles.contains(Role.API)) {
            metricRoles.add(MetricRole.API);
        }
        if (roles.contains(Role.MANAGER)) {
            metricRoles.add(MetricRole.MANAGER);
        }
        return metricRoles;
    }

    /** The port of this process's HTTP server: the API's, or the manager's health and metrics server. */
    int apiPort() {
        if (api != null) {
            return api.port();
        }
        return metricsServer == null ? -1 : metricsServer.port();
    }

    @Override
    public void close() {
        for (AutoCloseable part : parts) {
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed: {}", part.getClass().getSimpleName(), e.toString());
            }
        }
        parts.clear();
        store.close();
        sink.close();
        tracing.close();
        LOG.info("vmpooler stopped");
    }
}
