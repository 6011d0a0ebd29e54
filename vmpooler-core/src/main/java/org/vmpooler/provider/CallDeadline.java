package org.vmpooler.provider;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.opentelemetry.context.Context;

/**
 * Runs a provider call on a virtual thread of its own and stops waiting for it at its deadline. The caller —
 * holding a clone slot, a VM guard, a manager pass — is then free again; the abandoned call is interrupted and,
 * if the provider ignores that, finishes in the background with its result discarded. A provider cannot be
 * trusted to time out by itself: an SDK blocked on a dead TCP connection may never return.
 */
final class CallDeadline {

    /** Carries the caller's trace context into the call's thread. */
    private static final ExecutorService CALLS = Context.taskWrapping(Executors.newVirtualThreadPerTaskExecutor());

    private CallDeadline() {
    }

    static <T> T call(String provider, String method, Duration deadline, Supplier<T> call) {
        Future<T> running = CALLS.submit(call::get);
        try {
            return running.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            running.cancel(true);
            throw new ProviderTimeoutException(provider, method, deadline);
        } catch (InterruptedException e) {
            running.cancel(true);
            Thread.currentThread().interrupt();
            throw new ProviderException("provider " + provider + ": " + method + " abandoned, the caller was "
                    + "interrupted", false, e);
        } catch (ExecutionException e) {
            throw rethrown(e.getCause());
        }
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
}
