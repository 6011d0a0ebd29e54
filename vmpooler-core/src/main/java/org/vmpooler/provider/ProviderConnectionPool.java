package org.vmpooler.provider;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.vmpooler.metrics.Metrics;

/**
 * A fixed number of connections to a provider's (or DNS plugin's) service; each call holds one, and a call that
 * finds none free within the timeout fails. Like the reference's pools it publishes gauge
 * {@code connection_available.<type>.<owner>} and timing {@code connection_waited.<type>.<owner>} (ms) on every
 * checkout, and reports its {@link #health()} to the manager's connection-pool monitor. The plugin keeps the
 * connection objects themselves; this class only bounds how many are in use.
 */
public final class ProviderConnectionPool {
    /** The reference's pool type for provider pools. */
    public static final String PROVIDER_TYPE = "provider_connection_pool";

    private final String type;
    private final String owner;
    private final int size;
    private final Duration timeout;
    private final Metrics metrics;
    private final Semaphore free;
    private final AtomicInteger waiting = new AtomicInteger();

    public ProviderConnectionPool(String type, String owner, int size, Duration timeout, Metrics metrics) {
        if (size < 1) {
            throw new IllegalArgumentException("connection pool of " + owner + " needs at least one connection");
        }
        this.type = type;
        this.owner = owner;
        this.size = size;
        this.timeout = timeout;
        this.metrics = metrics;
        this.free = new Semaphore(size, true);
    }

    /** Runs the call holding one connection; throws {@link ProviderException} when none is free in time. */
    public <T> T with(Supplier<T> call) {
        checkout();
        try {
            return call.get();
        } finally {
            free.release();
            metrics.gauge("connection_available." + type + "." + owner, free.availablePermits());
        }
    }

    private void checkout() {
        long started = System.nanoTime();
        waiting.incrementAndGet();
        try {
            if (!free.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new ProviderException(owner + ": no connection became free within " + timeout.toMillis() / 1000.0
                        + "s (connection_pool_size " + size + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(owner + ": interrupted while waiting for a connection");
        } finally {
            waiting.decrementAndGet();
        }
        metrics.timing("connection_waited." + type + "." + owner, (System.nanoTime() - started) / 1e6);
        metrics.gauge("connection_available." + type + "." + owner, free.availablePermits());
    }

    /** How busy the pool is now; unlike the reference it counts the callers really waiting. */
    public ConnectionPoolHealth health() {
        int available = free.availablePermits();
        return ConnectionPoolHealth.of(size, available, waiting.get());
    }
}
