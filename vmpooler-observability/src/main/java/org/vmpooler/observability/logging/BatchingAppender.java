package org.vmpooler.observability.logging;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;

/**
 * Writes log lines from a thread of its own, all the lines waiting at that moment in one write. The manager logs
 * several lines per VM from thousands of virtual threads; written in place, each line took the stream's lock and
 * a system call of its own, and under load the threads queued on that lock, which showed as API latency. Here a
 * caller only queues its event; a line that comes alone is written at once, and lines that follow within a
 * millisecond go out together with the next write.
 *
 * <p>Nothing is dropped: when the queue is full, callers wait for room. {@link #stop} writes what is queued
 * before it returns, and {@link #awaitWritten} lets a caller wait for the lines it logged.
 */
final class BatchingAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    private static final int CAPACITY = 16_384;
    private static final int MAX_BATCH = 1_024;
    private static final Duration STOP_PATIENCE = Duration.ofSeconds(10);
    private static final Duration LINGER = Duration.ofMillis(1);

    /** Where the lines go and how each is turned into bytes. */
    record Target(OutputStream out, Encoder<ILoggingEvent> encoder, boolean closeOnStop) {
    }

    /** What of an event is captured on the logging thread, before the writer formats it on its own. */
    enum Capture {
        /** The formatted message (the time and any exception are fixed when the event is made). */
        MESSAGE,
        /** Also the thread's name and the MDC, for formats that show them. */
        CONTEXT
    }

    private final BlockingQueue<ILoggingEvent> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final List<Target> targets;
    private final Capture capture;
    /** The writer thread's buffer for a batch's bytes. */
    private final ByteArrayOutputStream batchBytes = new ByteArrayOutputStream(64 * 1024);
    private final AtomicLong queued = new AtomicLong();
    /** Guards {@code written}; the writer notifies it after each batch. */
    private final Object progress = new Object();
    private long written;
    private volatile boolean stopping;
    private Thread writer;

    BatchingAppender(List<Target> targets, Capture capture) {
        this.targets = List.copyOf(targets);
        this.capture = capture;
    }

    @Override
    public void start() {
        writer = Thread.ofPlatform().daemon().name("vmpooler-log-writer").start(this::writeUntilStopped);
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        // Captured now, as the writer runs later on another thread. The thread's name is only taken when the
        // format shows it: for a virtual thread, logback finds it by reflection, which cost more than the line.
        if (capture == Capture.CONTEXT) {
            event.prepareForDeferredProcessing();
        } else {
            event.getFormattedMessage();
        }
        queued.incrementAndGet();
        // Only the writer thread writes; an interrupted caller still waits for room, then keeps its interrupt.
        boolean interrupted = false;
        while (true) {
            try {
                queue.put(event);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until every line logged before this call has been written, at most {@code timeout}. */
    boolean awaitWritten(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long target = queued.get();
        synchronized (progress) {
            while (written < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
            return true;
        }
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        stopping = true;
        try {
            writer.join(STOP_PATIENCE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Target target : targets) {
            if (target.closeOnStop()) {
                try {
                    target.out().close();
                } catch (IOException e) {
                    addError("cannot close a log file", e);
                }
            }
        }
    }

    private void writeUntilStopped() {
        List<ILoggingEvent> batch = new ArrayList<>(MAX_BATCH);
        while (!(stopping && queue.isEmpty())) {
            try {
                ILoggingEvent first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                write(batch);
                if (batch.size() < MAX_BATCH) {
                    // Let lines gather for a moment: waiting in poll, the writer would be woken by every line.
                    Thread.sleep(LINGER.toMillis());
                }
            } catch (InterruptedException e) {
                stopping = true;
                queue.drainTo(batch);
                write(batch);
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<ILoggingEvent> events) {
        for (Target target : targets) {
            batchBytes.reset();
            for (ILoggingEvent event : events) {
                batchBytes.writeBytes(target.encoder().encode(event));
            }
            try {
                batchBytes.writeTo(target.out());
                target.out().flush();
            } catch (IOException e) {
                addError("cannot write " + events.size() + " log line(s)", e);
            }
        }
        synchronized (progress) {
            written += events.size();
            progress.notifyAll();
        }
    }
}
