package org.vmpooler.redis;

import static org.vmpooler.redis.RedisValues.millis;
import static org.vmpooler.redis.RedisValues.requireValues;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.lettuce.core.ScriptOutputType;

import org.vmpooler.domain.RateCount;
import org.vmpooler.domain.VmTask;
import org.vmpooler.domain.VmTaskKind;
import org.vmpooler.store.Keys;
import org.vmpooler.store.Operations;

/**
 * The Redis {@link Operations}.
 */
final class RedisOperations implements Operations {
    private final RedisGateway gateway;

    RedisOperations(RedisGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public void queueVmTask(VmTask task) {
        gateway.call("queue a " + task.kind() + " task for " + task.vm(),
                r -> r.sadd(Keys.vmTasks(task.kind()), task.member()));
    }

    @Override
    public Optional<VmTask> claimVmTask(VmTaskKind kind) {
        String member = gateway.call("take a " + kind + " task", r -> r.spop(Keys.vmTasks(kind)));
        return Optional.ofNullable(member).map(m -> VmTask.parse(kind, m));
    }

    @Override
    public long queuedVmTasks(VmTaskKind kind) {
        return gateway.call("count the " + kind + " tasks", r -> r.scard(Keys.vmTasks(kind)));
    }

    @Override
    public void addDeadLetter(String queue, String entry, long epochSeconds, int maxEntries, Duration ttl) {
        gateway.script("add to dead-letter queue " + queue, LuaScript.ADD_DEAD_LETTER, ScriptOutputType.INTEGER,
                List.of(Keys.deadLetters(queue)),
                List.of(Long.toString(epochSeconds), entry, Integer.toString(maxEntries), millis(ttl)));
    }

    @Override
    public long deadLetterCount(String queue) {
        return gateway.call("count dead-letter queue " + queue, r -> r.zcard(Keys.deadLetters(queue)));
    }

    @Override
    public void writeHealth(Map<String, String> fields, Duration ttl) {
        requireValues(fields, "health field");
        gateway.replaceHash("write the health summary", Keys.HEALTH, fields, millis(ttl));
    }

    @Override
    public Map<String, String> health() {
        return gateway.call("read the health summary", r -> r.hgetall(Keys.HEALTH));
    }

    @Override
    public void clearMigrations() {
        gateway.call("clear the migrations", r -> r.del(Keys.MIGRATION));
    }

    @Override
    public RateCount hitRateLimit(String endpointClass, String client, Duration period) {
        List<Object> counted = gateway.script("count a request of " + client, LuaScript.RATE_LIMIT,
                ScriptOutputType.MULTI,
                List.of(Keys.rateLimit(endpointClass, client)), List.of(millis(period)));
        return new RateCount((Long) counted.get(0), Duration.ofMillis((Long) counted.get(1)));
    }
}
