package org.vmpooler.store;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.vmpooler.domain.CheckoutRequest;
import org.vmpooler.domain.CheckoutResult;
import org.vmpooler.domain.CloneKind;
import org.vmpooler.domain.DailyStat;
import org.vmpooler.domain.DestroyRequestOutcome;
import org.vmpooler.domain.NewVm;
import org.vmpooler.domain.OndemandDeleteOutcome;
import org.vmpooler.domain.OndemandDelivery;
import org.vmpooler.domain.OndemandRequest;
import org.vmpooler.domain.OndemandTask;
import org.vmpooler.domain.PoolCounts;
import org.vmpooler.domain.PoolFlag;
import org.vmpooler.domain.PoolOverride;
import org.vmpooler.domain.PoolQueues;
import org.vmpooler.domain.RateCount;
import org.vmpooler.domain.RequestedLine;
import org.vmpooler.domain.ScoredRequest;
import org.vmpooler.domain.StatusSnapshot;
import org.vmpooler.domain.TokenRecord;
import org.vmpooler.domain.VmRecord;
import org.vmpooler.domain.VmState;
import org.vmpooler.domain.VmTask;
import org.vmpooler.domain.VmTaskKind;

/**
 * All the state vmpooler keeps, in domain terms. The manager and the API talk only to this port; the
 * in-memory store and the Redis store implement it, and one contract test suite holds both to it.
 *
 * <p>Guarantees every implementation gives:
 * <ul>
 *   <li>Every method is atomic: a concurrent caller (thread or, for Redis, process) sees its effect whole or
 *   not at all. In particular a VM is never in two exclusive states, never in none because of a move, and
 *   never handed out twice.</li>
 *   <li>Times given as {@link Instant} are stored in the reference's formats (see
 *   {@link org.vmpooler.domain.RubyTime}) in the store's zone; durations as seconds with two decimals.</li>
 *   <li>Expiry ({@link Duration} TTL arguments) behaves as Redis EXPIRE: the whole record disappears once the
 *   TTL has passed by the store's clock.</li>
 *   <li>Methods never return null; absent things are empty optionals, empty collections or {@code false}.</li>
 *   <li>Failures to reach the backing service surface as {@link StoreException}.</li>
 * </ul>
 */
public interface Store extends AutoCloseable {

    // ---------------------------------------------------------------- health

    /** Whether the store answers right now. Never throws. */
    boolean ping();

    @Override
    void close();

    // ---------------------------------------------------------------- pool registry

    /**
     * Publishes the configured pools for API processes that start without a pool list: replaces the set of
     * registered pools with the keys of {@code pools} and writes each pool's fields (stringified config, with
     * {@code alias} comma-joined and {@code domain}). Pools no longer present are removed with their fields.
     * Each pool's fields are replaced as a whole, so a key removed from its config does not linger. A null field
     * name or value is refused with {@link IllegalArgumentException}, publishing nothing.
     */
    void publishPools(Map<String, Map<String, String>> pools);

    /** Names of the published pools. */
    Set<String> publishedPools();

    /** The published fields of one pool; empty map when unknown. */
    Map<String, String> publishedPool(String pool);

    // ---------------------------------------------------------------- queues

    /** Members of one of a pool's queues. */
    Set<String> vms(String pool, VmState state);

    /** Size of one of a pool's queues. */
    long count(String pool, VmState state);

    /** Queue sizes of many pools in one round trip; every requested pool is in the result. */
    Map<String, PoolCounts> counts(Collection<String> pools);

    /** All six queues and the checkout-time hash of a pool, read together. */
    PoolQueues queues(String pool);

    /** Adds a VM to a queue (used for {@link VmState#DISCOVERED}). Returns whether it was not there yet. */
    boolean add(String pool, String vm, VmState state);

    /** Removes a VM from a queue. Returns whether it was there. */
    boolean remove(String pool, String vm, VmState state);

    /** Moves a VM between two queues of its pool if, and only if, it is in {@code from}. */
    boolean move(String pool, String vm, VmState from, VmState to);

    /** Moves every member of {@code from} to {@code to}; returns the VMs moved. */
    List<String> moveAll(String pool, VmState from, VmState to);

    /** Moves up to {@code max} arbitrary members of {@code from} to {@code to}; returns the VMs moved. */
    List<String> moveSome(String pool, VmState from, VmState to, long max);

    // ---------------------------------------------------------------- VM records

    Optional<VmRecord> vm(String name);

    boolean vmExists(String name);

    /**
     * Sets fields on an existing or new VM record (without changing its expiry). A null field name or value is
     * refused with {@link IllegalArgumentException}, writing nothing.
     */
    void setVmFields(String vm, Map<String, String> fields);

    void removeVmFields(String vm, Collection<String> fields);

    /** Sets the record to expire after {@code ttl}. */
    void expireVm(String vm, Duration ttl);

    /** Deletes a VM record at once. */
    void deleteVm(String vm);

    /** Names of every VM record, whatever its state (for orphan detection; never a blocking scan). */
    List<String> allVmNames();

    /**
     * Reserves a new VM: if no record of that name exists, creates it with {@code clone}, {@code template} and
     * {@code pool} (both the pool name), {@code domain} and, for on-demand VMs, {@code request_id} and
     * {@code pool_alias}, and adds it to the pool's pending queue. Returns false, changing nothing, when the
     * name is taken — so two callers can never reserve one name.
     */
    boolean reservePendingVm(NewVm vm);

    /**
     * After a successful provider create: {@code clone_time}, {@code ip} (when not null) and the day's clone
     * statistic. A VM record that no longer exists is not re-created (it would never expire); the statistic is
     * recorded anyway.
     */
    void recordCloneSuccess(String pool, String vm, Duration cloneTime, String ip, LocalDate day);

    /**
     * After a failed create: removes the VM from pending, records {@code clone_error} and
     * {@code clone_error_class}, and expires the record after {@code ttl}. A record that no longer exists is not
     * re-created.
     */
    void recordCloneFailure(String pool, String vm, String error, String errorClass, Duration ttl);

    /**
     * Pending → ready for a pool VM: moves it if it is pending, and then records {@code ready}, the day's boot
     * statistic and the pool's last boot time. Returns false (nothing written) when it was not pending.
     */
    boolean markReady(String pool, String vm, Instant now, Duration bootTime, LocalDate day);

    /**
     * Pending → running for an on-demand VM: moves it if it is pending, records checkout time (also in the
     * pool's checkout-time hash), token, user and lifetime when given, {@code ready}, the boot statistic and
     * last boot time, and adds it to the request's delivered set. Returns false when it was not pending.
     * The request's state is checked in the same atomic step: when the request no longer exists or already has
     * a status (ready, failed, deleted), nobody wants the VM, so it is moved pending → completed instead and
     * false is returned.
     */
    boolean deliverOndemandVm(OndemandDelivery delivery);

    /**
     * Starts destruction: removes the VM's checkout time, records {@code destroy} and expires the record after
     * {@code ttl}. The VM stays in completed until {@link #finishDestroy}.
     */
    void markDestroying(String pool, String vm, Instant now, Duration ttl);

    /** The provider destroyed the VM: removes it from completed. */
    void finishDestroy(String pool, String vm);

    /**
     * A VM the provider no longer has: removes it from {@code state} and from the checkout-time hash, and
     * expires its record after {@code ttl} (kept for lookups rather than deleted at once).
     */
    void forgetVm(String pool, String vm, VmState state, Duration ttl);

    // ---------------------------------------------------------------- checkout and give-back (API)

    /**
     * All-or-nothing checkout. For every line and every VM of its count, takes a ready VM from the first
     * candidate pool that has one, moves it to running, records the checkout time (VM record and checkout-time
     * hash), token, user and lifetime when given, and adds it to migrating when asked. If any VM cannot be
     * found, nothing at all changes and the first unservable requested name is returned. Which ready VM of a
     * pool is taken is unspecified.
     */
    CheckoutResult checkout(CheckoutRequest request);

    /**
     * A client gives a VM back: if it is running, moves it to completed (and out of migrating). Otherwise
     * changes nothing and says why: {@code NOT_RUNNING} when it is pending, ready or discovered;
     * {@code ALREADY_GONE} when it is completed or in no queue of its pool (destroyed, failed or forgotten);
     * {@code UNKNOWN} when there is no record.
     */
    DestroyRequestOutcome requestDestroy(String vm);

    /** Sets the VM's lifetime in hours; does nothing when the VM has no record. */
    void setLifetime(String vm, int hours);

    /**
     * Sets {@code tag:<name>} fields on the VM and records each tag in the day's tag statistic; does nothing when
     * the VM has no record.
     */
    void setTags(String vm, Map<String, String> tags, LocalDate day);

    // ---------------------------------------------------------------- clone slots

    /** Takes one clone slot of the kind if fewer than {@code limit} are in use. */
    boolean tryAcquireCloneSlot(CloneKind kind, int limit);

    /** Returns a clone slot; the count never goes below zero. */
    void releaseCloneSlot(CloneKind kind);

    long cloneSlotsInUse(CloneKind kind);

    /** Zeroes both counters (at manager start, when no clone can be in flight). */
    void resetCloneSlots();

    // ---------------------------------------------------------------- pool overrides and flags

    Map<String, String> overrides(PoolOverride kind);

    Optional<String> override(PoolOverride kind, String pool);

    void setOverride(PoolOverride kind, String pool, String value);

    /** Removes an override; returns whether there was one. */
    boolean clearOverride(PoolOverride kind, String pool);

    void raiseFlag(PoolFlag flag, String pool);

    boolean hasFlag(PoolFlag flag, String pool);

    /** Clears the flag; returns whether it was raised. */
    boolean takeFlag(PoolFlag flag, String pool);

    Optional<String> preparedTemplate(String pool);

    Map<String, String> preparedTemplates();

    void setPreparedTemplate(String pool, String template);

    boolean hasTemplateDeltas(String template);

    /**
     * The identity of the vmpooler instance this store belongs to: the first {@code candidate} ever offered, kept
     * for good, so every manager on the store labels its VMs alike and recognises them after restarts.
     */
    String instanceIdentity(String candidate);

    void addTemplateDeltas(String template);

    /** Records whether the pool is empty; returns whether that changed. */
    boolean markPoolEmpty(String pool, boolean empty);

    // ---------------------------------------------------------------- statistics

    /** One day's statistic hash (field → value). */
    Map<String, String> dailyStats(DailyStat stat, LocalDate day);

    /** Pool → time of its last VM becoming ready. */
    Map<String, String> lastBoots();

    /**
     * Everything {@code /status} needs, in a fixed number of round trips. {@code lastBoot} holds the given pools
     * that have a last boot time. {@code ondemandRequested} counts the on-demand VMs no clone has started for:
     * the counts of every queued clone task plus the requested counts of the requests not yet split into tasks.
     */
    StatusSnapshot statusSnapshot(Collection<String> pools, LocalDate day);

    // ---------------------------------------------------------------- tokens

    /** Records a new token ({@code user}, {@code created}), replacing any record of that token. */
    void createToken(String token, String user, Instant created);

    Optional<TokenRecord> token(String token);

    /** If the token exists, records {@code last} = now and returns it. */
    Optional<TokenRecord> useToken(String token, Instant now);

    boolean deleteToken(String token);

    List<TokenRecord> tokensOf(String user);

    /** Running VMs of the given pools that were checked out with the token. */
    List<String> runningVmsOfToken(String token, Collection<String> pools);

    // ---------------------------------------------------------------- on-demand requests

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

    // ---------------------------------------------------------------- VM tasks (disk, snapshot, revert)

    void queueVmTask(VmTask task);

    /** Takes one queued task of the kind, if any. */
    Optional<VmTask> claimVmTask(VmTaskKind kind);

    long queuedVmTasks(VmTaskKind kind);

    // ---------------------------------------------------------------- reliability

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
