package org.vmpooler.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.domain.OndemandDeleteOutcome;
import org.vmpooler.domain.OndemandRequest;
import org.vmpooler.domain.OndemandTask;
import org.vmpooler.domain.RequestStatus;
import org.vmpooler.domain.RequestedLine;
import org.vmpooler.domain.ScoredRequest;
import org.vmpooler.domain.VmRecord.Field;
import org.vmpooler.domain.VmState;

/**
 * The life of on-demand requests in the {@link Keyspace}: the request hash, the new and processing queues,
 * the clone tasks and the per-line sets of delivered VMs. Its one rule beyond the reference's data model: once
 * a request has an outcome (ready, failed, deleted) nothing more is cloned or delivered for it, and a later
 * outcome never overwrites an earlier one. The public methods take the lock; the package-private ones, which
 * {@link InMemoryVmLifecycle} and {@link InMemoryStatistics} use inside their own operations, expect it held.
 */
final class InMemoryOndemandRequests implements OndemandRequests {
    private static final Logger LOG = LoggerFactory.getLogger(InMemoryOndemandRequests.class);


    private final LockedKeyspace data;
    private final Keyspace keys;
    private final OndemandTaskQueue tasks;

    InMemoryOndemandRequests(LockedKeyspace data) {
        this.data = data;
        this.keys = data.keys();
        this.tasks = new OndemandTaskQueue(keys);
    }

    private boolean create(String id, List<RequestedLine> requested, String token, String tokenUser, Instant now) {
        String key = Keys.ondemandRequest(id);
        if (keys.exists(key)) {
            return false;
        }
        keys.hset(key, OndemandRequest.REQUESTED, RequestedLine.formatAll(requested));
        if (token != null) {
            keys.hset(key, Field.TOKEN, token);
        }
        if (tokenUser != null) {
            keys.hset(key, Field.TOKEN_USER, tokenUser);
        }
        keys.zadd(Keys.PROVISIONING_REQUEST, id, now.getEpochSecond());
        return true;
    }

    private Optional<OndemandRequest> find(String id) {
        Map<String, String> fields = keys.hgetAll(Keys.ondemandRequest(id));
        return fields.isEmpty() ? Optional.empty() : Optional.of(new OndemandRequest(id, fields));
    }

    @Override
    public boolean createOndemandRequest(String id, List<RequestedLine> requested, String token, String tokenUser,
                                         Instant now) {
        return data.atomically(() -> create(id, requested, token, tokenUser, now));
    }

    @Override
    public Optional<OndemandRequest> ondemandRequest(String id) {
        return data.atomically(() -> find(id));
    }

    @Override
    public List<ScoredRequest> newOndemandRequests() {
        return data.atomically(this::newRequests);
    }

    @Override
    public List<ScoredRequest> processingOndemandRequests() {
        return data.atomically(this::processing);
    }

    @Override
    public void discardNewOndemandRequest(String id) {
        data.run(() -> discardNew(id));
    }

    @Override
    public void beginOndemandProcessing(ScoredRequest request, List<RequestedLine> lines, Instant now) {
        data.run(() -> beginProcessing(request, lines, now));
    }

    @Override
    public List<OndemandTask> ondemandTasks() {
        return data.atomically(() -> tasks.all());
    }

    @Override
    public boolean takeOndemandTask(OndemandTask task, int granted) {
        return data.atomically(() -> tasks.take(task, granted));
    }

    @Override
    public void queueOndemandRetry(String requestId, String alias, String pool) {
        data.run(() -> queueRetry(requestId, alias, pool));
    }

    @Override
    public long incrementOndemandRetries(String requestId) {
        return data.atomically(() -> incrementRetries(requestId));
    }

    @Override
    public Set<String> deliveredVms(String requestId, String alias, String pool) {
        return data.atomically(() -> delivered(requestId, alias, pool));
    }

    @Override
    public void completeOndemandRequest(String requestId) {
        data.run(() -> complete(requestId));
    }

    @Override
    public void failOndemandRequest(String requestId, String reason, Duration ttl) {
        data.run(() -> fail(requestId, reason, ttl));
    }

    @Override
    public OndemandDeleteOutcome deleteOndemandRequest(String requestId) {
        return data.atomically(() -> delete(requestId));
    }

    /** Whether the request exists and has no outcome yet. */
    boolean inProgress(String id) {
        return keys.exists(Keys.ondemandRequest(id)) && status(id).isEmpty();
    }

    private Optional<String> status(String id) {
        return keys.hget(Keys.ondemandRequest(id), OndemandRequest.STATUS).filter(s -> !s.isEmpty());
    }

    private List<ScoredRequest> newRequests() {
        return scored(Keys.PROVISIONING_REQUEST);
    }

    private List<ScoredRequest> processing() {
        return scored(Keys.PROVISIONING_PROCESSING);
    }

    private List<ScoredRequest> scored(String key) {
        return keys.zrange(key).stream().map(s -> new ScoredRequest(s.member(), (long) s.score())).toList();
    }

    private void discardNew(String id) {
        keys.zrem(Keys.PROVISIONING_REQUEST, id);
    }

    private void beginProcessing(ScoredRequest request, List<RequestedLine> lines, Instant now) {
        OptionalDouble score = keys.zscore(Keys.PROVISIONING_REQUEST, request.id());
        if (score.isEmpty()) {
            LOG.debug("on-demand request {} is no longer new; not splitting it again", request.id());
            return;
        }
        for (RequestedLine line : lines) {
            tasks.add(line.alias(), line.pool(), line.count(), request.id(), now.getEpochSecond());
        }
        keys.zrem(Keys.PROVISIONING_REQUEST, request.id());
        keys.zadd(Keys.PROVISIONING_PROCESSING, request.id(), score.getAsDouble());
    }

    private void queueRetry(String id, String alias, String pool) {
        if (inProgress(id)) {
            tasks.add(alias, pool, 1, id, OndemandTask.RETRY_SCORE);
        } else {
            LOG.info("not retrying a VM for on-demand request {} ({}/{}): the request is gone or finished",
                    id, alias, pool);
        }
    }

    private long incrementRetries(String id) {
        String key = Keys.ondemandRequest(id);
        // An expired request is not brought back to life as a hash holding only a retry count.
        return keys.exists(key) ? keys.hincrBy(key, OndemandRequest.RETRY_COUNT, 1) : 0L;
    }

    private Set<String> delivered(String id, String alias, String pool) {
        return keys.smembers(Keys.delivered(id, alias, pool));
    }

    void addDelivered(String id, String alias, String pool, String vm) {
        keys.sadd(Keys.delivered(id, alias, pool), vm);
    }

    private void complete(String id) {
        leaveProvisioning(id);
        if (inProgress(id)) {
            keys.hset(Keys.ondemandRequest(id), OndemandRequest.STATUS, RequestStatus.READY.wireName());
            keys.expire(Keys.ondemandRequest(id), Retention.READY_REQUEST);
        }
    }

    private void fail(String id, String reason, Duration ttl) {
        leaveProvisioning(id);
        String key = Keys.ondemandRequest(id);
        if (!keys.exists(key) || status(id).isPresent()) {
            // A request that ended keeps its outcome, its VMs and, when failed, its first reason (the cause; a
            // later failure, such as the expiry of a request already failed, is only a consequence).
            return;
        }
        keys.hset(key, OndemandRequest.STATUS, RequestStatus.FAILED.wireName());
        if (reason != null) {
            keys.hset(key, OndemandRequest.FAILURE_REASON, reason);
        }
        for (RequestedLine line : requestedLines(id)) {
            String delivered = Keys.delivered(id, line.alias(), line.pool());
            retire(line.pool(), keys.smembers(delivered));
            keys.expire(delivered, ttl);
        }
        keys.expire(key, ttl);
    }

    private OndemandDeleteOutcome delete(String id) {
        String key = Keys.ondemandRequest(id);
        if (keys.hget(key, OndemandRequest.REQUESTED).isEmpty()) {
            return OndemandDeleteOutcome.NOT_FOUND;
        }
        if (status(id).filter(RequestStatus.DELETED.wireName()::equals).isPresent()) {
            return OndemandDeleteOutcome.ALREADY_DELETED;
        }
        leaveProvisioning(id);
        keys.hset(key, OndemandRequest.STATUS, RequestStatus.DELETED.wireName());
        for (RequestedLine line : requestedLines(id)) {
            String delivered = Keys.delivered(id, line.alias(), line.pool());
            retire(line.pool(), keys.smembers(delivered));
            keys.del(delivered);
        }
        keys.expire(key, Retention.DELETED_REQUEST);
        return OndemandDeleteOutcome.DELETED;
    }

    /** On-demand VMs no clone has started for: queued tasks plus the requests not yet split into tasks. */
    long vmsNotYetCloning() {
        long vms = tasks.vmsQueued();
        for (ScoredRequest request : newRequests()) {
            vms += requestedLines(request.id()).stream().mapToLong(line -> Math.max(0, line.count())).sum();
        }
        return vms;
    }

    /** Takes the request out of every provisioning queue and drops its clone tasks: no more VMs for it. */
    private void leaveProvisioning(String id) {
        keys.zrem(Keys.PROVISIONING_REQUEST, id);
        keys.zrem(Keys.PROVISIONING_PROCESSING, id);
        tasks.dropAllOf(id);
    }

    private List<RequestedLine> requestedLines(String id) {
        String requested = keys.hget(Keys.ondemandRequest(id), OndemandRequest.REQUESTED).orElse("");
        try {
            return RequestedLine.parseAll(requested);
        } catch (IllegalArgumentException e) {
            LOG.warn("on-demand request {} has a malformed requested field: {}", id, e.getMessage());
            return List.of();
        }
    }

    /** Delivered VMs still running go to completed: the request that wanted them is over. */
    private void retire(String pool, Set<String> vms) {
        for (String vm : vms) {
            if (keys.smove(Keys.queue(VmState.RUNNING, pool), Keys.queue(VmState.COMPLETED, pool), vm)) {
                keys.srem(Keys.queue(VmState.MIGRATING, pool), vm);
                LOG.info("VM {} of pool {} goes to completed: its on-demand request is over", vm, pool);
            }
        }
    }
}
