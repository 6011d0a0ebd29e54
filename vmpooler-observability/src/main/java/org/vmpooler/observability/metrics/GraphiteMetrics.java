package org.vmpooler.observability.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.config.MetricsConfig;
import org.vmpooler.metrics.Metrics;

/**
 * Sends samples to Graphite's plaintext port as {@code <prefix>.<name> <value> <epoch seconds>} lines. Unlike the
 * reference (a thread and a TCP connection per sample) one background thread keeps one connection and writes
 * queued lines; callers only enqueue. When Graphite is down the queue fills to {@link #CAPACITY} and further
 * samples are dropped (logged once), so memory stays bounded.
 */
public final class GraphiteMetrics implements Metrics, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GraphiteMetrics.class);
    static final int CAPACITY = 10_000;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final MetricsConfig.Graphite config;
    private final Clock clock;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>(CAPACITY);
    private final FailureLog overflow = new FailureLog(LOG, "Graphite (queue full)");
    private final FailureLog connection = new FailureLog(LOG, "Graphite");
    private final Thread sender;
    private volatile boolean closed;

    public GraphiteMetrics(MetricsConfig.Graphite config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.sender = Thread.ofVirtual().name("graphite-sender").start(this::sendLoop);
        LOG.info("metrics go to Graphite at {}:{} with prefix '{}'", config.server(), config.port(), config.prefix());
    }

    @Override
    public void increment(String name) {
        enqueue(name, "1");
    }

    @Override
    public void gauge(String name, double value) {
        enqueue(name, SampleValue.format(value));
    }

    @Override
    public void timing(String name, double value) {
        enqueue(name, SampleValue.format(value));
    }

    private void enqueue(String name, String value) {
        String line = config.prefix() + "." + name + " " + value + " " + clock.instant().getEpochSecond() + "\n";
        if (lines.offer(line)) {
            overflow.recovered();
        } else {
            overflow.failed("queueing '" + name + "'", new IllegalStateException(CAPACITY + " samples are waiting"));
        }
    }

    private void sendLoop() {
        Duration backoff = Duration.ofMillis(100);
        while (!closed) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(config.server(), config.port()), (int) CONNECT_TIMEOUT.toMillis());
                OutputStream out = socket.getOutputStream();
                backoff = Duration.ofMillis(100);
                drainInto(out);
            } catch (IOException e) {
                connection.failed("connecting to " + config.server() + ":" + config.port(), e);
                if (!pause(backoff)) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Writes lines as they come, in batches of what is waiting; returns when closed, throws when the write fails. */
    private void drainInto(OutputStream out) throws IOException, InterruptedException {
        StringBuilder batch = new StringBuilder();
        while (!closed || !lines.isEmpty()) {
            String first = lines.poll(200, TimeUnit.MILLISECONDS);
            if (first == null) {
                continue;
            }
            batch.setLength(0);
            batch.append(first);
            String next;
            while (batch.length() < 64 * 1024 && (next = lines.poll()) != null) {
                batch.append(next);
            }
            out.write(batch.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            connection.recovered();
        }
    }

    private boolean pause(Duration duration) {
        try {
            Thread.sleep(duration);
            return !closed;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /** Sends what is queued (for up to two seconds when Graphite answers), then stops. */
    @Override
    public void close() {
        closed = true;
        try {
            if (!sender.join(Duration.ofSeconds(2))) {
                sender.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
