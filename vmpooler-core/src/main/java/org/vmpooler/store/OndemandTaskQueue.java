package org.vmpooler.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.domain.OndemandTask;

/**
 * The on-demand clone task queue ({@code vmpooler__odcreate__task}) with its one rule: a request line has at
 * most one task. The member encodes the count, so two tasks for one line with equal counts would be one
 * sorted-set entry and silently lose VMs; instead, more VMs for a line are added to its task's count.
 */
final class OndemandTaskQueue {
    private static final Logger LOG = LoggerFactory.getLogger(OndemandTaskQueue.class);

    private final Keyspace keys;

    OndemandTaskQueue(Keyspace keys) {
        this.keys = keys;
    }

    /** The readable tasks, lowest score first; members another writer left malformed are skipped. */
    List<OndemandTask> all() {
        List<OndemandTask> tasks = new ArrayList<>();
        for (StoredSortedSet.Scored scored : keys.zrange(Keys.ONDEMAND_TASKS)) {
            try {
                tasks.add(OndemandTask.parse(scored.member(), scored.score()));
            } catch (IllegalArgumentException e) {
                LOG.warn("skipping malformed on-demand task '{}': {}", scored.member(), e.getMessage());
            }
        }
        return tasks;
    }

    /** Queues {@code count} VMs for a line, merged into the line's task if it has one (keeping the lower score). */
    void add(String alias, String pool, int count, String requestId, double score) {
        if (count <= 0) {
            return;
        }
        Optional<OndemandTask> existing = all().stream()
                .filter(t -> t.alias().equals(alias) && t.pool().equals(pool) && t.requestId().equals(requestId))
                .findFirst();
        int total = count;
        double lowest = score;
        if (existing.isPresent()) {
            keys.zrem(Keys.ONDEMAND_TASKS, existing.get().member());
            total += existing.get().count();
            lowest = Math.min(score, existing.get().score());
        }
        keys.zadd(Keys.ONDEMAND_TASKS, new OndemandTask(alias, pool, total, requestId, lowest).member(), lowest);
    }

    /** Takes {@code granted} VMs of a task, leaving the remainder at its score; false when the task is gone. */
    boolean take(OndemandTask task, int granted) {
        OptionalDouble score = keys.zscore(Keys.ONDEMAND_TASKS, task.member());
        if (score.isEmpty()) {
            return false;
        }
        keys.zrem(Keys.ONDEMAND_TASKS, task.member());
        add(task.alias(), task.pool(), task.count() - granted, task.requestId(), score.getAsDouble());
        return true;
    }

    void dropAllOf(String requestId) {
        for (OndemandTask task : all()) {
            if (task.requestId().equals(requestId)) {
                keys.zrem(Keys.ONDEMAND_TASKS, task.member());
            }
        }
    }

    /** How many VMs the queued tasks still ask for. */
    long vmsQueued() {
        return all().stream().mapToLong(t -> Math.max(0, t.count())).sum();
    }
}
