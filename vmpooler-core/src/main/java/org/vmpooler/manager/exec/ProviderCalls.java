package org.vmpooler.manager.exec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

import io.opentelemetry.context.Context;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs provider work on virtual threads, at most {@code limit(provider)} calls in flight per provider instance, so
 * a slow or small provider cannot be flooded however many VMs need checking. Tracks what is in flight so the
 * manager can stop gracefully.
 */
public final class ProviderCalls implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderCalls.class);

    /** Carries the caller's trace context, so provider calls show up inside the cycle that made them. */
    private final ExecutorService executor = Context.taskWrapping(Executors.newVirtualThreadPerTaskExecutor());
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
        Semaphore semaphore = permits(provider);
        return start(() -> withPermit(semaphore, work));
    }

    /**
     * Runs every piece of work concurrently (bounded per provider) and returns once all have finished, or after
     * {@code patience}: work still running then goes on in the background, so one hung provider call cannot stall
     * its caller forever. Returns whether everything finished.
     *
     * <p>The work is shared among as many virtual threads as the provider allows calls, not one thread per piece:
     * a pass over a pool with a thousand VMs to destroy would otherwise queue a thousand new threads on the
     * carriers at once, ahead of the API's requests.
     */
    public boolean runAll(String provider, List<Runnable> work, Duration patience) throws InterruptedException {
        Semaphore semaphore = permits(provider);
        Queue<Runnable> pending = new ConcurrentLinkedQueue<>(work);
        int runners = Math.min(work.size(), Math.max(1, limit.applyAsInt(provider)));
        List<CompletableFuture<Void>> futures = new ArrayList<>(runners);
        for (int i = 0; i < runners; i++) {
            futures.add(start(() -> {
                for (Runnable next = pending.poll(); next != null; next = pending.poll()) {
                    try {
                        withPermit(semaphore, next);
                    } catch (CancelledWork e) {
                        throw e;
                    } catch (RuntimeException e) {
                        // One failed piece must not strand the rest of the queue.
                        LOG.error("[!] provider work for {} failed: {}", provider, e.toString(), e);
                    }
                }
            }));
        }
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).exceptionally(e -> null)
                    .get(patience.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    private Semaphore permits(String provider) {
        return permits.computeIfAbsent(provider, p -> new Semaphore(Math.max(1, limit.applyAsInt(p)), true));
    }

    private CompletableFuture<Void> start(Runnable body) {
        synchronized (idleLock) {
            inFlight++;
        }
        try {
            return CompletableFuture.runAsync(body, executor).whenComplete((ok, error) -> finished());
        } catch (RejectedExecutionException e) {
            finished();
            return CompletableFuture.failedFuture(e);
        }
    }

    private static void withPermit(Semaphore semaphore, Runnable work) {
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

    private int inFlight() {
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
