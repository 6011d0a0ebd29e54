package org.vmpooler.manager.reliability;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.config.HealthCheckSettings;
import org.vmpooler.domain.CloneKind;
import org.vmpooler.domain.PoolQueues;
import org.vmpooler.domain.RubyTime;
import org.vmpooler.domain.VmRecord;
import org.vmpooler.domain.VmState;
import org.vmpooler.manager.ManagerContext;

/**
 * The optional queue health check ({@code health_check_enabled}): measures queue sizes and ages, stuck pending
 * VMs, dead letters and clone activity, rates the whole as {@code healthy}, {@code degraded} or
 * {@code unhealthy} against {@code health_thresholds}, and publishes it in {@code vmpooler__health} (for an hour)
 * and as {@code vmpooler_health.*} gauges.
 */
public final class QueueHealthCheck {

    private static final Logger LOG = LoggerFactory.getLogger(QueueHealthCheck.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration KEEP = Duration.ofHours(1);
    private static final List<String> DLQ_QUEUES = List.of("pending", "ready", "clone");

    private final ManagerContext ctx;
    private final HealthCheckSettings limits;

    public QueueHealthCheck(ManagerContext ctx) {
        this.ctx = ctx;
        this.limits = ctx.config().global().healthCheck();
    }

    /** One check; returns the status written. */
    public String runOnce() {
        Instant start = ctx.now();
        Map<String, Object> queues = new LinkedHashMap<>();
        long stuck = 0;
        boolean over = false;
        boolean farOver = false;
        for (String pool : ctx.config().poolNames()) {
            PoolQueues q = ctx.vms().queues(pool);
            List<Long> pendingAges = ages(q.in(VmState.PENDING), r -> r.cloneStarted(ctx.zone()));
            List<Long> readyAges = ages(q.in(VmState.READY), r -> r.readyAt(ctx.zone()));
            long poolStuck = pendingAges.stream().filter(a -> a > limits.stuckVmAgeThreshold().toSeconds()).count();
            stuck += poolStuck;
            int pending = q.in(VmState.PENDING).size();
            int ready = q.in(VmState.READY).size();
            over |= pending > limits.pendingQueueMax() || ready > limits.readyQueueMax();
            farOver |= pending > 2L * limits.pendingQueueMax() || ready > 2L * limits.readyQueueMax();
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("pending", Map.of("size", pending, "oldest_age", max(pendingAges), "avg_age", avg(pendingAges),
                    "stuck_count", poolStuck));
            p.put("ready", Map.of("size", ready, "oldest_age", max(readyAges), "avg_age", avg(readyAges)));
            p.put("completed", Map.of("size", q.in(VmState.COMPLETED).size()));
            queues.put(pool, p);
            gauge("queue." + pool + ".pending.size", pending);
            gauge("queue." + pool + ".pending.oldest_age", max(pendingAges));
            gauge("queue." + pool + ".pending.stuck_count", poolStuck);
            gauge("queue." + pool + ".ready.size", ready);
            gauge("queue." + pool + ".ready.oldest_age", max(readyAges));
            gauge("queue." + pool + ".completed.size", q.in(VmState.COMPLETED).size());
        }
        long dlqTotal = 0;
        if (ctx.config().global().dlq().enabled()) {
            Map<String, Object> dlq = new LinkedHashMap<>();
            for (String queue : DLQ_QUEUES) {
                long size = ctx.operations().deadLetterCount(queue);
                dlqTotal += size;
                dlq.put(queue, Map.of("size", size));
                gauge("dlq." + queue + ".size", size);
            }
            queues.put("dlq", dlq);
        }
        long cloning = ctx.cloneSlots().inUse(CloneKind.POOL);
        long ondemandCloning = ctx.cloneSlots().inUse(CloneKind.ONDEMAND);
        long ondemandPending = ctx.ondemand().ondemandTasks().stream().mapToLong(t -> t.count()).sum();
        String status = dlqTotal > limits.dlqMaxCritical() || stuck > limits.stuckVmMaxCritical() || farOver
                ? "unhealthy"
                : dlqTotal > limits.dlqMaxWarning() || stuck > limits.stuckVmMaxWarning() || over ? "degraded" : "healthy";

        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("queues", queues);
        metrics.put("tasks", Map.of("clone", Map.of("active", cloning),
                "ondemand", Map.of("active", ondemandCloning, "pending", ondemandPending)));
        int orphans = OrphanedRecords.find(ctx).size();
        metrics.put("errors", Map.of("dlq_total_size", dlqTotal, "stuck_vm_count", stuck,
                "orphaned_metadata_count", orphans));
        try {
            ctx.operations().writeHealth(Map.of("metrics", JSON.writeValueAsString(metrics), "status", status,
                    "last_check", RubyTime.iso8601(ctx.now(), ctx.zone())), KEEP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the queue health", e);
        }
        gauge("dlq.total_size", dlqTotal);
        gauge("stuck_vms.count", stuck);
        gauge("orphaned_metadata.count", orphans);
        gauge("tasks.clone.active", cloning);
        gauge("tasks.ondemand.active", ondemandCloning);
        gauge("tasks.ondemand.pending", ondemandPending);
        gauge("status", switch (status) {
            case "healthy" -> 0;
            case "degraded" -> 1;
            default -> 2;
        });
        gauge("check.duration", Duration.between(start, ctx.now()).toMillis() / 1000.0);
        LOG.info("[*] queue health: {} ({} stuck pending VM(s), {} dead letter(s))", status, stuck, dlqTotal);
        return status;
    }

    private List<Long> ages(Iterable<String> vms, java.util.function.Function<VmRecord, Optional<Instant>> since) {
        List<Long> ages = new ArrayList<>();
        for (String vm : vms) {
            ctx.vms().vm(vm).flatMap(since).ifPresent(t -> ages.add(Duration.between(t, ctx.now()).toSeconds()));
        }
        return ages;
    }

    private static long max(List<Long> ages) {
        return ages.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    private static long avg(List<Long> ages) {
        return Math.round(ages.stream().mapToLong(Long::longValue).average().orElse(0));
    }

    private void gauge(String name, double value) {
        ctx.metrics().gauge("vmpooler_health." + name, value);
    }
}
