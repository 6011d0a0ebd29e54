package org.vmpooler.store;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.vmpooler.domain.RateCount;
import org.vmpooler.domain.VmTask;
import org.vmpooler.domain.VmTaskKind;

/**
 * The in-memory {@link Operations}.
 * Callers go through {@link InMemoryStore}.
 */
final class InMemoryOperations implements Operations {
    private final LockedKeyspace data;
    private final Keyspace keys;

    InMemoryOperations(LockedKeyspace data) {
        this.data = data;
        this.keys = data.keys();
    }

    @Override
    public void queueVmTask(VmTask task) {
        data.run(() -> keys.sadd(Keys.vmTasks(task.kind()), task.member()));
    }

    @Override
    public Optional<VmTask> claimVmTask(VmTaskKind kind) {
        return data.atomically(() -> keys.spop(Keys.vmTasks(kind)).map(member -> VmTask.parse(kind, member)));
    }

    @Override
    public long queuedVmTasks(VmTaskKind kind) {
        return data.atomically(() -> keys.scard(Keys.vmTasks(kind)));
    }

    @Override
    public void addDeadLetter(String queue, String entry, long epochSeconds, int maxEntries, Duration ttl) {
        data.run(() -> {
            String key = Keys.deadLetters(queue);
            keys.zadd(key, entry, epochSeconds);
            keys.ztrimToHighest(key, maxEntries);
            keys.expire(key, ttl);
        });
    }

    @Override
    public long deadLetterCount(String queue) {
        return data.atomically(() -> keys.zcard(Keys.deadLetters(queue)));
    }

    @Override
    public void writeHealth(Map<String, String> fields, Duration ttl) {
        Map<String, String> checked = LockedKeyspace.checkedFields(fields, "health summary");
        data.run(() -> {
            keys.del(Keys.HEALTH);
            keys.hsetAll(Keys.HEALTH, checked);
            keys.expire(Keys.HEALTH, ttl);
        });
    }

    @Override
    public Map<String, String> health() {
        return data.atomically(() -> keys.hgetAll(Keys.HEALTH));
    }

    @Override
    public void clearMigrations() {
        data.run(() -> keys.del(Keys.MIGRATION));
    }

    @Override
    public RateCount hitRateLimit(String endpointClass, String client, Duration period) {
        return data.atomically(() -> {
            String key = Keys.rateLimit(endpointClass, client);
            long count;
            if (keys.exists(key)) {
                count = keys.incrBy(key, 1);
            } else {
                keys.set(key, "1", period);
                count = 1;
            }
            return new RateCount(count, keys.ttl(key).orElse(period));
        });
    }
}
