package org.vmpooler.provider.dummy;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.vmpooler.provider.ProviderException;

/**
 * The dummy's simulated connection pool ({@code connection_pool_size}, {@code connection_pool_timeout}): every
 * provider call holds one connection, so a small pool models a provider of limited capacity.
 */
final class DummyConnections {
    private final String provider;
    private final int size;
    private final Duration timeout;
    private final Semaphore connections;

    DummyConnections(String provider, int size, Duration timeout) {
        this.provider = provider;
        this.size = size;
        this.timeout = timeout;
        this.connections = new Semaphore(size, true);
    }

    <T> T with(Supplier<T> call) {
        try {
            if (!connections.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new ProviderException("provider " + provider + ": no connection became free within "
                        + timeout.toMillis() / 1000.0 + "s (connection_pool_size " + size + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("provider " + provider + ": interrupted while waiting for a connection");
        }
        try {
            return call.get();
        } finally {
            connections.release();
        }
    }
}
