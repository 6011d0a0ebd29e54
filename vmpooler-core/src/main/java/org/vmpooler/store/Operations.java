package org.vmpooler.store;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.vmpooler.domain.RateCount;
import org.vmpooler.domain.VmTask;
import org.vmpooler.domain.VmTaskKind;

/**
 * The manager's and the API's own bookkeeping: VM tasks (disk, snapshot, revert), dead letters, the queue-health
 * summary, migrations in flight and rate-limit windows.
 * The atomicity and format guarantees of {@link Store} hold for every method.
 */
public interface Operations {

    void queueVmTask(VmTask task);

    /** Takes one queued task of the kind, if any. */
    Optional<VmTask> claimVmTask(VmTaskKind kind);

    long queuedVmTasks(VmTaskKind kind);

    /**
     * Adds an entry to a dead-letter queue ({@code pending}, {@code ready} or {@code clone}), trims it to the
     * newest {@code maxEntries}, and lets the whole queue expire {@code ttl} after this last write.
     */
    void addDeadLetter(String queue, String entry, long epochSeconds, int maxEntries, Duration ttl);

    long deadLetterCount(String queue);

    /** Replaces the queue-health summary with {@code fields}, expiring after {@code ttl}. */
    void writeHealth(Map<String, String> fields, Duration ttl);

    Map<String, String> health();

    /** Clears the in-flight migration set (at manager start). */
    void clearMigrations();

    /**
     * Counts one request against a fixed window of {@code period} for {@code endpointClass} and {@code client}:
     * the window starts at the first hit and is not extended by later ones. Returns the count including this
     * hit and the time left in the window.
     */
    RateCount hitRateLimit(String endpointClass, String client, Duration period);
}
