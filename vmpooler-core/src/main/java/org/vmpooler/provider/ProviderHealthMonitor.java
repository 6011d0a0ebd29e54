package org.vmpooler.provider;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.metrics.Metrics;

/**
 * One round of the reference's provider monitor ({@code connection_pool_monitor_enabled}, run every
 * {@code connection_pool_monitor_interval}): for each provider instance, gauges
 * {@code connection_pool.<provider>.available|in_use|utilization|waiting} and, when the pool is strained, a log line
 * and counter {@code connection_pool.<provider>.warning|critical}; gauges {@code circuit_breaker.state.<provider>}
 * and {@code circuit_breaker.failures.<provider>}. The caller schedules it.
 */
public final class ProviderHealthMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderHealthMonitor.class);

    private final ProviderRegistry registry;
    private final Metrics metrics;

    public ProviderHealthMonitor(ProviderRegistry registry, Metrics metrics) {
        this.registry = registry;
        this.metrics = metrics;
    }

    public void report() {
        for (Provider provider : registry.all()) {
            String name = provider.name();
            registry.connectionPoolOf(name).ifPresent(pool -> reportPool(name, pool.health()));
            registry.breakerOf(name).ifPresent(breaker -> {
                CircuitBreaker.Status status = breaker.status();
                metrics.gauge("circuit_breaker.state." + name, status.state().gaugeValue());
                metrics.gauge("circuit_breaker.failures." + name, status.failureCount());
            });
        }
    }

    private void reportPool(String name, ConnectionPoolHealth health) {
        String prefix = "connection_pool." + name + ".";
        metrics.gauge(prefix + "available", health.available());
        metrics.gauge(prefix + "in_use", health.inUse());
        metrics.gauge(prefix + "utilization", health.utilization());
        metrics.gauge(prefix + "waiting", health.waiting());
        switch (health.state()) {
            case CRITICAL -> {
                LOG.error("Connection pool of provider {} is critical: {} of {} connections in use ({}%), {} callers "
                        + "waiting", name, health.inUse(), health.size(), health.utilization(), health.waiting());
                metrics.increment(prefix + "critical");
            }
            case WARNING -> {
                LOG.warn("Connection pool of provider {} is strained: {} of {} connections in use ({}%), {} callers "
                        + "waiting", name, health.inUse(), health.size(), health.utilization(), health.waiting());
                metrics.increment(prefix + "warning");
            }
            case HEALTHY -> {
            }
        }
    }
}
