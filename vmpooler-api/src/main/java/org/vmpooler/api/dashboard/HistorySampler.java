package org.vmpooler.api.dashboard;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.domain.PoolCounts;

/**
 * Samples the pools into {@link DashboardHistory} every sample interval, on a virtual thread that lives as long
 * as the HTTP server. A failed read (store unavailable) loses that one point, never the sampler.
 */
final class HistorySampler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HistorySampler.class);

    private final PoolsReader reader;
    private final List<String> pools;
    private final DashboardHistory history;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition stopped = lock.newCondition();
    private boolean stopping;
    private Thread thread;

    HistorySampler(PoolsReader reader, List<String> pools, DashboardHistory history) {
        this.reader = reader;
        this.pools = List.copyOf(pools);
        this.history = history;
    }

    /** Takes one sample now: the first point at start-up, and what the loop does every interval. */
    void sample() {
        PoolsReading reading = reader.read();
        Map<String, Double> values = new LinkedHashMap<>();
        for (String pool : pools) {
            PoolCounts counts = reading.counts(pool);
            values.put(DashboardHistory.ready(pool), (double) counts.ready());
            values.put(DashboardHistory.running(pool), (double) counts.running());
            values.put(DashboardHistory.pending(pool), (double) counts.pending());
        }
        reading.cloneAverage().ifPresent(average -> values.put(DashboardHistory.CLONE_AVERAGE, average));
        reading.bootAverage().ifPresent(average -> values.put(DashboardHistory.BOOT_AVERAGE, average));
        history.record(reading.at(), values);
    }

    void start() {
        lock.lock();
        try {
            if (thread != null) {
                throw new IllegalStateException("the dashboard sampler is already running");
            }
            stopping = false;
            thread = Thread.ofVirtual().name("dashboard-sampler").start(this::run);
        } finally {
            lock.unlock();
        }
        LOG.info("dashboard history: sampling {} pools every {} s", pools.size(), history.sampleInterval().toSeconds());
    }

    @Override
    public void close() {
        Thread running;
        lock.lock();
        try {
            stopping = true;
            stopped.signalAll();
            running = thread;
            thread = null;
        } finally {
            lock.unlock();
        }
        if (running != null) {
            try {
                running.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        do {
            try {
                sample();
            } catch (RuntimeException e) {
                LOG.warn("dashboard history: could not sample the pools ({}); this point is skipped", e.toString());
            }
        } while (awaitNextSample());
    }

    /** Waits one interval; false once the sampler is closed. */
    private boolean awaitNextSample() {
        lock.lock();
        try {
            long nanos = history.sampleInterval().toNanos();
            while (!stopping && nanos > 0) {
                nanos = stopped.awaitNanos(nanos);
            }
            return !stopping;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }
}
