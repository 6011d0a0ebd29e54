package org.vmpooler.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.vmpooler.domain.OndemandDeleteOutcome;
import org.vmpooler.domain.OndemandRequest;
import org.vmpooler.domain.OndemandTask;
import org.vmpooler.domain.RequestedLine;
import org.vmpooler.domain.ScoredRequest;

/**
 * On-demand requests: their records, the new and processing queues, clone tasks, delivered VMs and outcomes
 * ({@link org.vmpooler.domain.RequestStatus}). Once a request has an outcome nothing more is cloned or delivered
 * for it.
 * The atomicity and format guarantees of {@link Store} hold for every method.
 */
public interface OndemandRequests {

    /**
     * Creates a request unless one with that id exists: {@code requested}, token and user when given, and
     * queues it as new with {@code now} as its score. Returns false, changing nothing, when the id is taken.
     */
    boolean createOndemandRequest(String id, List<RequestedLine> requested, String token, String tokenUser,
                                  Instant now);

    Optional<OndemandRequest> ondemandRequest(String id);

    /** Requests waiting to be split into clone tasks, oldest first. */
    List<ScoredRequest> newOndemandRequests();

    /** Drops a request from the new-request queue (malformed or already failed). */
    void discardNewOndemandRequest(String id);

    /**
     * Splits a new request into clone tasks (one per line, scored {@code now}), and moves it from the new
     * queue to the processing queue keeping its original score. Does nothing when the request is no longer in
     * the new queue, so a request is never split twice. Lines for the same alias and pool share one task.
     */
    void beginOndemandProcessing(ScoredRequest request, List<RequestedLine> lines, Instant now);

    /**
     * The clone task queue, lowest score first (retries first). A request line ({@code requestId}, alias, pool)
     * has at most one task: more VMs for the line are added to its count, and it keeps the lower score. (Two
     * tasks with equal members would collapse into one sorted-set entry and lose VMs.)
     */
    List<OndemandTask> ondemandTasks();

    /**
     * Takes {@code granted} VMs' worth of a task: removes it, or leaves the remainder at the same score.
     * Returns false when the task is no longer there (someone else took it).
     */
    boolean takeOndemandTask(OndemandTask task, int granted);

    /**
     * Queues one more VM for a request line as a retry (score {@link OndemandTask#RETRY_SCORE}). Retries of the
     * same line accumulate in one task's count; none is lost. Does nothing when the request no longer exists or
     * already has a status (ready, failed, deleted): no VM is cloned for a finished request.
     */
    void queueOndemandRetry(String requestId, String alias, String pool);

    /** Requests being provisioned, oldest first. */
    List<ScoredRequest> processingOndemandRequests();

    /** Adds one to the request's {@code retry_count} and returns it; 0, creating nothing, when there is no request. */
    long incrementOndemandRetries(String requestId);

    Set<String> deliveredVms(String requestId, String alias, String pool);

    /**
     * Marks the request ready, keeps it 30 days, takes it out of processing and drops its remaining clone tasks.
     * A request that already has a status (failed, deleted) keeps it; only its queue entries are removed.
     */
    void completeOndemandRequest(String requestId);

    /**
     * Fails a request: out of processing, its tasks dropped, {@code status} failed (with the reason when
     * given), its delivered VMs moved running → completed, and its record and delivered sets expiring after
     * {@code ttl}. It also leaves the new-request queue. A request that is already ready or deleted keeps its
     * status, its VMs and its expiry: a late failure never undoes a fulfilled or deleted request.
     */
    void failOndemandRequest(String requestId, String reason, Duration ttl);

    /**
     * A client deletes a request: {@code status} deleted, delivered VMs running → completed, delivered sets
     * removed, out of every provisioning queue (new, processing, clone tasks), record kept two weeks (the
     * reference documented two weeks but set 15 days).
     * {@code NOT_FOUND} when there is no request with a {@code requested} field.
     */
    OndemandDeleteOutcome deleteOndemandRequest(String requestId);
}
