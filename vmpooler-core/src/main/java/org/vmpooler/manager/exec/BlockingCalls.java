package org.vmpooler.manager.exec;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs calls that block their thread in native code (a lookup through the system resolver, which waits in
 * {@code getaddrinfo}) on a fixed number of platform threads, each call with a deadline.
 *
 * <p>Made on a virtual thread, such a call pins the carrier under it: a few hundred lookups waiting on a slow DNS
 * server took every carrier and stopped every HTTP request and every log line with them. Here the caller only
 * waits for the result, which a virtual thread does without holding its carrier, and at most {@code threads}
 * calls are in native code at once, however many clones ask.
 */
public final class BlockingCalls implements AutoCloseable {

    private static final Duration IDLE = Duration.ofMinutes(1);

    private final ThreadPoolExecutor executor;

    public BlockingCalls(String name, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("blocking calls need at least one thread, not " + threads);
        }
        this.executor = new ThreadPoolExecutor(threads, threads, IDLE.toMillis(), TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), Thread.ofPlatform().daemon().name(name + "-", 1).factory());
        // Threads are made as calls come and end after a quiet minute: a manager that checks no names holds none.
        executor.allowCoreThreadTimeOut(true);
    }

    /**
     * The call's result, or empty when it did not finish within {@code deadline} (it is then abandoned: dropped
     * if it had not started, interrupted if it had) or when the calls are closed.
     *
     * @throws ExecutionException when the call threw
     */
    public <T> Optional<T> call(Callable<T> call, Duration deadline) throws ExecutionException, InterruptedException {
        FutureTask<T> task = new FutureTask<>(call);
        try {
            executor.execute(task);
        } catch (RejectedExecutionException closed) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(task.get(deadline.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            abandon(task);
            return Optional.empty();
        } catch (InterruptedException e) {
            abandon(task);
            throw e;
        }
    }

    /** Calls abandoned while queued are removed, so a resolver that hangs for good cannot grow the queue. */
    private void abandon(FutureTask<?> task) {
        task.cancel(true);
        executor.remove(task);
    }

    /** Calls waiting in the queue (for tests and diagnostics). */
    int queued() {
        return executor.getQueue().size();
    }

    /** Stops the threads; a call still in native code is left to return on its own (the threads are daemons). */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
