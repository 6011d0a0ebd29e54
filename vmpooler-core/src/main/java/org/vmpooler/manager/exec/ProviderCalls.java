package org.vmpooler.manager.exec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs provider work on virtual threads, at most {@code limit(provider)} calls in flight per provider instance, so
 * a slow or small provider cannot be flooded however many VMs need checking. Tracks what is in flight so the
 * manager can stop gracefully.
 */
public final class ProviderCalls implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderCalls.class);

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Semaphore> permits = new ConcurrentHashMap<>();
    private final ToIntFunction<String> limit;
    private final Object idleLock = new Object();
    private int inFlight;

    /** {@code limit} gives the concurrency allowed for a provider instance name. */
    public ProviderCalls(ToIntFunction<String> limit) {
        this.limit = limit;
    }

    /** Starts the work; it waits for a permit of the provider on its own virtual thread. */
    public CompletableFuture<Void> submit(String provider, Runnable work) {
        Semaphore semaphore = permits.computeIfAbsent(provider, p -> new Semaphore(Math.max(1, limit.applyAsInt(p)), true));
        synchronized (idleLock) {
            inFlight++;
        }
        try {
            return CompletableFuture.runAsync(() -> {
                try {
                    semaphore.acquire();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancelledWork(e);
                }
                try {
                    work.run();
                } finally {
                    semaphore.release();
                }
            }, executor).whenComplete((ok, error) -> finished());
        } catch (RejectedExecutionException e) {
            finished();
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Runs every piece of work concurrently (bounded per provider) and returns once all have finished. */
    public void runAll(String provider, List<Runnable> work) throws InterruptedException {
        List<CompletableFuture<Void>> futures = new ArrayList<>(work.size());
        for (Runnable w : work) {
            futures.add(submit(provider, w));
        }
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).exceptionally(e -> null).get();
        } catch (java.util.concurrent.ExecutionException e) {
            // each piece of work logs its own failure
        }
    }

    /** Waits until nothing is in flight; returns false on timeout. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idleLock) {
            while (inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idleLock, left);
            }
            return true;
        }
    }

    public int inFlight() {
        synchronized (idleLock) {
            return inFlight;
        }
    }

    private void finished() {
        synchronized (idleLock) {
            inFlight--;
            idleLock.notifyAll();
        }
    }

    /** Lets in-flight calls finish within {@code grace}, then interrupts what is left. */
    public void close(Duration grace) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} provider call(s) still running after {}s; interrupting them", inFlight(), grace.toSeconds());
                executor.shutdownNow();
                executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    /** Work abandoned because the manager is stopping. */
    static final class CancelledWork extends RuntimeException {
        CancelledWork(InterruptedException cause) {
            super("cancelled while waiting for a provider slot", cause);
        }
    }
}
