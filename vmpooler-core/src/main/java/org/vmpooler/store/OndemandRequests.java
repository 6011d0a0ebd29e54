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
import org.vmpooler.domain.RequestedLine;
import org.vmpooler.domain.ScoredRequest;
import org.vmpooler.domain.VmRecord.Field;
import org.vmpooler.domain.VmState;

/**
 * The life of on-demand requests in the {@link Keyspace}: the request hash, the new and processing queues,
 * the clone tasks and the per-line sets of delivered VMs. Its one rule beyond the reference's data model: once
 * a request has an outcome (ready, failed, deleted) nothing more is cloned or delivered for it, and a later
 * outcome never overwrites an earlier one except a repeated failure. Callers hold the store's lock.
 */
final class OndemandRequests {
    private static final Logger LOG = LoggerFactory.getLogger(OndemandRequests.class);

    static final Duration READY_RETENTION = Duration.ofDays(30);
    static final Duration DELETED_RETENTION = Duration.ofDays(14);
    private static final String READY = "ready";
    private static final String FAILED = "failed";
    private static final String DELETED = "deleted";

    private final Keyspace keys;
    private final OndemandTaskQueue tasks;

    OndemandRequests(Keyspace keys) {
        this.keys = keys;
        this.tasks = new OndemandTaskQueue(keys);
    }

    OndemandTaskQueue tasks() {
        return tasks;
    }

    boolean create(String id, List<RequestedLine> requested, String token, String tokenUser, Instant now) {
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

    Optional<OndemandRequest> find(String id) {
        Map<String, String> fields = keys.hgetAll(Keys.ondemandRequest(id));
        return fields.isEmpty() ? Optional.empty() : Optional.of(new OndemandRequest(id, fields));
    }

    /** Whether the request exists and has no outcome yet. */
    boolean inProgress(String id) {
        return keys.exists(Keys.ondemandRequest(id)) && status(id).isEmpty();
    }

    private Optional<String> status(String id) {
        return keys.hget(Keys.ondemandRequest(id), OndemandRequest.STATUS).filter(s -> !s.isEmpty());
    }

    List<ScoredRequest> newRequests() {
        return scored(Keys.PROVISIONING_REQUEST);
    }

    List<ScoredRequest> processing() {
        return scored(Keys.PROVISIONING_PROCESSING);
    }

    private List<ScoredRequest> scored(String key) {
        return keys.zrange(key).stream().map(s -> new ScoredRequest(s.member(), (long) s.score())).toList();
    }

    void discardNew(String id) {
        keys.zrem(Keys.PROVISIONING_REQUEST, id);
    }

    void beginProcessing(ScoredRequest request, List<RequestedLine> lines, Instant now) {
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

    void queueRetry(String id, String alias, String pool) {
        if (inProgress(id)) {
            tasks.add(alias, pool, 1, id, OndemandTask.RETRY_SCORE);
        } else {
            LOG.info("not retrying a VM for on-demand request {} ({}/{}): the request is gone or finished",
                    id, alias, pool);
        }
    }

    long incrementRetries(String id) {
        String key = Keys.ondemandRequest(id);
        // An expired request is not brought back to life as a hash holding only a retry count.
        return keys.exists(key) ? keys.hincrBy(key, OndemandRequest.RETRY_COUNT, 1) : 0L;
    }

    Set<String> delivered(String id, String alias, String pool) {
        return keys.smembers(Keys.delivered(id, alias, pool));
    }

    void addDelivered(String id, String alias, String pool, String vm) {
        keys.sadd(Keys.delivered(id, alias, pool), vm);
    }

    void complete(String id) {
        leaveProvisioning(id);
        if (inProgress(id)) {
            keys.hset(Keys.ondemandRequest(id), OndemandRequest.STATUS, READY);
            keys.expire(Keys.ondemandRequest(id), READY_RETENTION);
        }
    }

    void fail(String id, String reason, Duration ttl) {
        leaveProvisioning(id);
        String key = Keys.ondemandRequest(id);
        if (!keys.exists(key) || status(id).filter(s -> !s.equals(FAILED)).isPresent()) {
            // A fulfilled or deleted request keeps its outcome and its VMs: a late failure must not undo it.
            return;
        }
        keys.hset(key, OndemandRequest.STATUS, FAILED);
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

    OndemandDeleteOutcome delete(String id) {
        String key = Keys.ondemandRequest(id);
        if (keys.hget(key, OndemandRequest.REQUESTED).isEmpty()) {
            return OndemandDeleteOutcome.NOT_FOUND;
        }
        if (status(id).filter(DELETED::equals).isPresent()) {
            return OndemandDeleteOutcome.ALREADY_DELETED;
        }
        leaveProvisioning(id);
        keys.hset(key, OndemandRequest.STATUS, DELETED);
        for (RequestedLine line : requestedLines(id)) {
            String delivered = Keys.delivered(id, line.alias(), line.pool());
            retire(line.pool(), keys.smembers(delivered));
            keys.del(delivered);
        }
        keys.expire(key, DELETED_RETENTION);
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
