package org.vmpooler.manager.reliability;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.config.PurgeSettings;
import org.vmpooler.domain.PoolQueues;
import org.vmpooler.domain.VmRecord;
import org.vmpooler.domain.VmState;
import org.vmpooler.manager.ManagerContext;

/**
 * The optional auto-purge ({@code purge_enabled}): clears queue entries that sat far longer than the lifecycle
 * allows — pending past {@code max_pending_age}, ready past {@code max_ready_age}, completed past
 * {@code max_completed_age} — and shortens the retention of orphaned VM records. VMs the provider still has are
 * found again by the inventory and destroyed. In dry-run mode it only counts and logs.
 */
public final class QueuePurger {

    private static final Logger LOG = LoggerFactory.getLogger(QueuePurger.class);
    static final Duration ORPHAN_RETENTION = Duration.ofHours(1);

    private final ManagerContext ctx;
    private final PurgeSettings settings;

    public QueuePurger(ManagerContext ctx) {
        this.ctx = ctx;
        this.settings = ctx.config().global().purge();
    }

    /** One purge run over every pool; returns the number of entries purged (or that would be, in dry run). */
    public int runOnce() {
        Instant start = ctx.now();
        int total = 0;
        for (String pool : ctx.config().poolNames()) {
            if (!ctx.ownership().owns(pool)) {
                continue;
            }
            PoolQueues queues = ctx.vms().queues(pool);
            total += purge(pool, queues, VmState.PENDING, settings.maxPendingAge(), r -> r.cloneStarted(ctx.zone()));
            total += purge(pool, queues, VmState.READY, settings.maxReadyAge(), r -> r.readyAt(ctx.zone()));
            total += purge(pool, queues, VmState.COMPLETED, settings.maxCompletedAge(),
                    r -> r.destroyedAt(ctx.zone()).or(() -> r.checkedOutAt(ctx.zone())));
        }
        total += purgeOrphans();
        ctx.metrics().gauge("vmpooler_purge.total.count", total);
        ctx.metrics().gauge("vmpooler_purge.cycle.duration", Duration.between(start, ctx.now()).toMillis() / 1000.0);
        LOG.info("[*] queue purge {}: {} stale entr{}", settings.dryRun() ? "(dry run) found" : "removed", total,
                total == 1 ? "y" : "ies");
        return total;
    }

    private int purge(String pool, PoolQueues queues, VmState state, Duration maxAge,
                      java.util.function.Function<VmRecord, Optional<Instant>> since) {
        int purged = 0;
        for (String vm : queues.in(state)) {
            Optional<Instant> at = ctx.vms().vm(vm).flatMap(since);
            if (at.isEmpty() || Duration.between(at.get(), ctx.now()).compareTo(maxAge) <= 0) {
                continue;
            }
            purged++;
            ctx.metrics().increment("vmpooler_purge." + state.wireName() + "." + pool + ".count");
            if (settings.dryRun()) {
                LOG.info("[*] [{}] would purge '{}' from '{}' (older than {}s)", pool, vm, state.wireName(),
                        maxAge.toSeconds());
                continue;
            }
            switch (state) {
                case PENDING -> {
                    ctx.deadLetters().add(new DeadLetterQueue.Letter("pending", vm, pool, "Purge",
                            "stale pending VM purged", 0, null, null));
                    ctx.lifecycle().forgetVm(pool, vm, VmState.PENDING, ctx.dataTtl());
                }
                case READY -> ctx.fenced().move(pool, vm, VmState.READY, VmState.COMPLETED);
                default -> ctx.vms().remove(pool, vm, state);
            }
            LOG.info("[-] [{}] purged stale '{}' from '{}' (older than {}s)", pool, vm, state.wireName(),
                    maxAge.toSeconds());
        }
        return purged;
    }

    /**
     * Records of VMs in no queue, cloned long ago and not already expiring as destroyed VMs, are kept one more hour
     * (destroyed VMs keep their {@code data_ttl} retention, which the reference cut short).
     */
    private int purgeOrphans() {
        int purged = 0;
        for (VmRecord record : OrphanedRecords.find(ctx)) {
            Optional<Instant> cloned = record.cloneStarted(ctx.zone());
            if (cloned.isEmpty() || Duration.between(cloned.get(), ctx.now()).compareTo(settings.maxOrphanedAge()) <= 0) {
                continue;
            }
            purged++;
            ctx.metrics().increment("vmpooler_purge.orphaned.count");
            if (!settings.dryRun()) {
                ctx.vms().expireVm(record.name(), ORPHAN_RETENTION);
                LOG.info("[-] orphaned record of '{}' (pool {}) expires in an hour", record.name(),
                        record.pool().orElse("?"));
            }
        }
        return purged;
    }
}
