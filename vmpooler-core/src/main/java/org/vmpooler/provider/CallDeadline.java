package org.vmpooler.provider;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import io.opentelemetry.context.Context;

/**
 * Runs a provider call on a virtual thread of its own and stops waiting for it at its deadline. The caller —
 * holding a clone slot, a VM guard, a manager pass — is then free again; the abandoned call is interrupted and,
 * if the provider ignores that, finishes in the background with its result discarded. A provider cannot be
 * trusted to time out by itself: an SDK blocked on a dead TCP connection may never return.
 *
 * <p>The caller waits without a timeout of its own; {@link DeadlineWatch} ends the wait at the deadline (within
 * {@link DeadlineWatch#LATEST}), which spares each call two wake-ups of the JDK's timer thread.
 */
final class CallDeadline {

    /** Carries the caller's trace context into the call's thread. */
    private static final ExecutorService CALLS = Context.taskWrapping(Executors.newVirtualThreadPerTaskExecutor());
    private static final DeadlineWatch DEADLINES = new DeadlineWatch("vmpooler-provider-deadlines");

    private CallDeadline() {
    }

    static <T> T call(String provider, String method, Duration deadline, Supplier<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Future<?> running = CALLS.submit(() -> {
            try {
                result.complete(call.get());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        DeadlineWatch.Watch watch = DEADLINES.watch(deadline, () -> result.completeExceptionally(new Expired()));
        try {
            return result.get();
        } catch (InterruptedException e) {
            running.cancel(true);
            Thread.currentThread().interrupt();
            throw new ProviderException("provider " + provider + ": " + method + " abandoned, the caller was "
                    + "interrupted", false, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Expired) {
                running.cancel(true);
                throw new ProviderTimeoutException(provider, method, deadline);
            }
            throw rethrown(e.getCause());
        } finally {
            watch.cancel();
        }
    }

    /** Watched deadlines (for tests): none once every call has ended. */
    static int watching() {
        return DEADLINES.watching();
    }

    private static RuntimeException rethrown(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new ProviderException(String.valueOf(cause.getMessage()), false, cause);
    }

    /** Ends a wait at its deadline; never thrown by a provider, since it cannot be named outside. */
    private static final class Expired extends RuntimeException {
        private Expired() {
            super(null, null, false, false);
        }
    }
}
