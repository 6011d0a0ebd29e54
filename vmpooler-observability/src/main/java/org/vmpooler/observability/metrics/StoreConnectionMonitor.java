package org.vmpooler.observability.metrics;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.metrics.Metrics;

/**
 * Reports the store's connection every {@code period}, as the reference's connection-pool monitor does for its
 * Redis pool: {@code store_connection.connected} (1 or 0), {@code .losses} and {@code .recoveries}.
 */
public final class StoreConnectionMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StoreConnectionMonitor.class);

    private final Thread thread;

    public StoreConnectionMonitor(Metrics metrics, Duration period, BooleanSupplier connected, LongSupplier losses,
                                  LongSupplier recoveries) {
        this.thread = Thread.ofVirtual().name("store-connection-monitor").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    metrics.gauge("store_connection.connected", connected.getAsBoolean() ? 1 : 0);
                    metrics.gauge("store_connection.losses", losses.getAsLong());
                    metrics.gauge("store_connection.recoveries", recoveries.getAsLong());
                } catch (RuntimeException e) {
                    LOG.warn("store connection metrics not reported: {}", e.toString());
                }
                try {
                    Thread.sleep(period);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
