package org.vmpooler.redis;

import static org.vmpooler.redis.RedisValues.millis;
import static org.vmpooler.redis.RedisValues.orEmpty;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.vmpooler.domain.OndemandDeleteOutcome;
import org.vmpooler.domain.OndemandRequest;
import org.vmpooler.domain.OndemandTask;
import org.vmpooler.domain.RequestedLine;
import org.vmpooler.domain.ScoredRequest;
import org.vmpooler.domain.VmState;
import org.vmpooler.store.Keys;
import org.vmpooler.store.OndemandRequests;
import org.vmpooler.store.Retention;

/**
 * The Redis {@link OndemandRequests}: requests, their provisioning queues, clone tasks and delivered sets,
 * with the reference's keys; every change of more than one key is one script.
 */
final class RedisOndemandRequests implements OndemandRequests {
    private static final Logger LOG = LoggerFactory.getLogger(RedisOndemandRequests.class);

    private final RedisGateway gateway;

    RedisOndemandRequests(RedisGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public boolean createOndemandRequest(String id, List<RequestedLine> requested, String token, String tokenUser,
                                  Instant now) {
        Long created = gateway.replicatedScript("create on-demand request " + id, LuaScript.CREATE_ONDEMAND,
                ScriptOutputType.INTEGER,
                List.of(Keys.ondemandRequest(id), Keys.PROVISIONING_REQUEST),
                List.of(id, Long.toString(now.getEpochSecond()), RequestedLine.formatAll(requested),
                        orEmpty(token), orEmpty(tokenUser)));
        return created == 1L;
    }

    @Override
    public Optional<OndemandRequest> ondemandRequest(String id) {
        Map<String, String> fields = gateway.call("read on-demand request " + id,
                r -> r.hgetall(Keys.ondemandRequest(id)));
        return fields.isEmpty() ? Optional.empty() : Optional.of(new OndemandRequest(id, fields));
    }

    @Override
    public List<ScoredRequest> newOndemandRequests() {
        return scoredRequests(Keys.PROVISIONING_REQUEST, "read the new on-demand requests");
    }

    @Override
    public void discardNewOndemandRequest(String id) {
        gateway.call("discard on-demand request " + id, r -> r.zrem(Keys.PROVISIONING_REQUEST, id));
    }

    @Override
    public void beginOndemandProcessing(ScoredRequest request, List<RequestedLine> lines, Instant now) {
        List<String> args = new ArrayList<>(List.of(request.id(), Long.toString(request.createdEpochSeconds()),
                Long.toString(now.getEpochSecond())));
        for (RequestedLine line : lines) {
            args.add(new OndemandTask(line.alias(), line.pool(), line.count(), request.id(), 0).member());
        }
        gateway.script("queue the clone tasks of request " + request.id(), LuaScript.BEGIN_ONDEMAND,
                ScriptOutputType.INTEGER,
                List.of(Keys.PROVISIONING_REQUEST, Keys.PROVISIONING_PROCESSING, Keys.ONDEMAND_TASKS),
                args);
    }

    @Override
    public List<OndemandTask> ondemandTasks() {
        List<ScoredValue<String>> members = gateway.call("read the on-demand clone tasks",
                r -> r.zrangeWithScores(Keys.ONDEMAND_TASKS, 0, -1));
        List<OndemandTask> tasks = new ArrayList<>();
        for (ScoredValue<String> member : members) {
            try {
                tasks.add(OndemandTask.parse(member.getValue(), member.getScore()));
            } catch (IllegalArgumentException e) {
                LOG.warn("skipping malformed on-demand task '{}': {}", member.getValue(), e.getMessage());
            }
        }
        return tasks;
    }

    @Override
    public boolean takeOndemandTask(OndemandTask task, int granted) {
        Long taken = gateway.script("take on-demand task " + task.member(), LuaScript.ONDEMAND_TASK_QUEUE,
                ScriptOutputType.INTEGER, List.of(Keys.ONDEMAND_TASKS),
                List.of("take", task.member(), Integer.toString(granted)));
        return taken == 1L;
    }

    @Override
    public void queueOndemandRetry(String requestId, String alias, String pool) {
        Long queued = gateway.script("queue a retry for request " + requestId, LuaScript.ONDEMAND_TASK_QUEUE,
                ScriptOutputType.INTEGER, List.of(Keys.ONDEMAND_TASKS, Keys.ondemandRequest(requestId)),
                List.of("retry", alias, pool, requestId, Long.toString((long) OndemandTask.RETRY_SCORE)));
        if (queued != 1L) {
            LOG.info("not retrying a VM for on-demand request {} ({}/{}): the request is gone or finished",
                    requestId, alias, pool);
        }
    }

    @Override
    public List<ScoredRequest> processingOndemandRequests() {
        return scoredRequests(Keys.PROVISIONING_PROCESSING, "read the on-demand requests in progress");
    }

    @Override
    public long incrementOndemandRetries(String requestId) {
        return gateway.script("count a retry of request " + requestId, LuaScript.INCREMENT_EXISTING_FIELD,
                ScriptOutputType.INTEGER, List.of(Keys.ondemandRequest(requestId)),
                List.of(OndemandRequest.RETRY_COUNT));
    }

    @Override
    public Set<String> deliveredVms(String requestId, String alias, String pool) {
        return gateway.call("read the VMs of request " + requestId,
                r -> r.smembers(Keys.delivered(requestId, alias, pool)));
    }

    @Override
    public void completeOndemandRequest(String requestId) {
        finishOndemandRequest("complete", requestId, null, Retention.READY_REQUEST);
    }

    @Override
    public void failOndemandRequest(String requestId, String reason, Duration ttl) {
        finishOndemandRequest("fail", requestId, reason, ttl);
    }

    @Override
    public OndemandDeleteOutcome deleteOndemandRequest(String requestId) {
        return OndemandDeleteOutcome.valueOf(finishOndemandRequest("delete", requestId, null, Retention.DELETED_REQUEST));
    }

    private String finishOndemandRequest(String mode, String requestId, String reason, Duration ttl) {
        return gateway.script(mode + " request " + requestId, LuaScript.FINISH_ONDEMAND, ScriptOutputType.VALUE,
                List.of(Keys.ondemandRequest(requestId), Keys.PROVISIONING_REQUEST,
                        Keys.PROVISIONING_PROCESSING, Keys.ONDEMAND_TASKS),
                List.of(mode, requestId, Keys.deliveredPrefix(requestId), Keys.queuePrefix(VmState.RUNNING),
                        Keys.queuePrefix(VmState.COMPLETED), millis(ttl), orEmpty(reason),
                        Keys.queuePrefix(VmState.MIGRATING)));
    }

    private List<ScoredRequest> scoredRequests(String key, String what) {
        List<ScoredValue<String>> members = gateway.call(what, r -> r.zrangeWithScores(key, 0, -1));
        return members.stream().map(m -> new ScoredRequest(m.getValue(), (long) m.getScore())).toList();
    }
}
