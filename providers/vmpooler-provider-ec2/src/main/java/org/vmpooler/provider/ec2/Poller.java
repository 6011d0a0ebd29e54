package org.vmpooler.provider.ec2;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import org.vmpooler.provider.ProviderException;

/**
 * Waits for an EC2 resource to reach a state by asking again every {@code interval}, up to {@code limit}. EC2
 * changes state asynchronously (an instance terminates, a volume becomes available, a snapshot completes); the
 * engine's own deadline still applies, and interrupting the waiting thread ends the wait at once.
 */
record Poller(Duration interval, Duration limit) {

    /** The first non-empty answer of {@code probe}; throws naming {@code what} when the limit passes. */
    <T> T until(String what, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            Optional<T> answer = probe.get();
            if (answer.isPresent()) {
                return answer.get();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new ProviderException("gave up after " + limit.toSeconds() + "s (wait_timeout) waiting for "
                        + what);
            }
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderException("interrupted while waiting for " + what);
            }
        }
    }
}
