package org.vmpooler.manager.check;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.config.PoolConfig;
import org.vmpooler.domain.BootedVm;
import org.vmpooler.domain.OndemandDelivery;
import org.vmpooler.domain.OndemandRequest;
import org.vmpooler.domain.RequestStatus;
import org.vmpooler.domain.RubyTime;
import org.vmpooler.domain.VmRecord.Field;
import org.vmpooler.domain.VmRecord;
import org.vmpooler.domain.VmState;
import org.vmpooler.manager.ManagerContext;
import org.vmpooler.manager.ondemand.OndemandRetries;
import org.vmpooler.manager.ondemand.RequestCompletion;
import org.vmpooler.manager.reliability.DeadLetterQueue;
import org.vmpooler.provider.Provider;
import org.vmpooler.provider.Readiness;

/**
 * Watches a pending VM until it is reachable: then a pool VM goes to ready and an on-demand VM straight to its
 * requester; after {@code timeout} it is failed (destroyed if the provider has it, forgotten if not), with a
 * one-time warning at {@code timeout_notification}.
 */
public final class PendingCheck {

    private static final Logger LOG = LoggerFactory.getLogger(PendingCheck.class);

    private static final Object[] REQUEST_LOCKS = java.util.stream.Stream.generate(Object::new).limit(64).toArray();

    private final ManagerContext ctx;
    private final OndemandRetries retries;
    private final ReadinessProbe readinessProbe;
    private final RequestCompletion completion;

    public PendingCheck(ManagerContext ctx, OndemandRetries retries, RequestCompletion completion) {
        this.ctx = ctx;
        this.readinessProbe = new ReadinessProbe(ctx);
        this.retries = retries;
        this.completion = completion;
    }

    /**
     * Checks one pending VM whose record the pass read ({@code found}); a pool VM that is ready joins
     * {@code arrivals}, which the pass moves to ready together.
     */
    public void check(PoolConfig pool, Provider provider, String vm, boolean exists, Optional<VmRecord> found,
                      ReadyArrivals arrivals) {
        if (found.isEmpty()) {
            LOG.warn("[!] [{}] '{}' is pending but has no record; forgetting it", pool.name(), vm);
            ctx.lifecycle().forgetVm(pool.name(), vm, VmState.PENDING, ctx.dataTtl());
            return;
        }
        VmRecord record = found.get();
        Instant now = ctx.now();
        Optional<Instant> cloned = record.cloneStarted(ctx.zone());
        if (cloned.isEmpty()) {
            // The reference never timed such a VM out; starting its clock now bounds how long it can sit here.
            LOG.warn("[!] [{}] '{}' is pending without a readable clone time; timing it from now", pool.name(), vm);
            ctx.vms().setVmFields(vm, Map.of(Field.CLONE, ctx.stamp(now)));
            cloned = Optional.of(now);
        }
        if (exists) {
            Readiness readiness = probe(pool, provider, vm, record);
            if (readiness.ready()) {
                becameReady(pool, vm, record, cloned.get(), now, arrivals);
                return;
            }
            readiness.reason().ifPresent(reason -> ctx.vms().setVmFields(vm, Map.of(Field.OPEN_SOCKET_ERROR, reason)));
        }
        notReady(pool, vm, record, Duration.between(cloned.get(), now), exists);
    }

    private Readiness probe(PoolConfig pool, Provider provider, String vm, VmRecord record) {
        try {
            return readinessProbe.probe(pool, provider, vm, Optional.of(record));
        } catch (RuntimeException e) {
            LOG.warn("[!] [{}] '{}' readiness probe failed: {}", pool.name(), vm, e.toString());
            return Readiness.notReady(e.getMessage());
        }
    }

    private void becameReady(PoolConfig pool, String vm, VmRecord record, Instant cloned, Instant now,
                             ReadyArrivals arrivals) {
        Duration boot = Duration.between(cloned, now);
        if (record.field(Field.OPEN_SOCKET_ERROR).isPresent()) {
            ctx.vms().removeVmFields(vm, List.of(Field.OPEN_SOCKET_ERROR));
        }
        if (record.requestId().isEmpty()) {
            arrivals.add(new BootedVm(vm, boot));
        } else if (deliver(pool, vm, record, boot, now, arrivals)) {
            ctx.metrics().timing("time_to_ready_state." + pool.name(), boot.toMillis() / 1000.0);
        }
    }

    /**
     * Deciding whether a line still wants a VM and delivering it must not interleave for one request, or two VMs
     * becoming ready together could both fill the last place.
     */
    private boolean deliver(PoolConfig pool, String vm, VmRecord record, Duration boot, Instant now,
                            ReadyArrivals arrivals) {
        String requestId = record.requestId().get();
        synchronized (REQUEST_LOCKS[Math.floorMod(requestId.hashCode(), REQUEST_LOCKS.length)]) {
            return deliverLocked(pool, vm, record, boot, now, requestId, arrivals);
        }
    }

    /** Whether the VM went to its request. */
    private boolean deliverLocked(PoolConfig pool, String vm, VmRecord record, Duration boot, Instant now,
                                  String requestId, ReadyArrivals arrivals) {
        String alias = record.poolAlias().orElse(pool.name());
        Optional<OndemandRequest> request = ctx.ondemand().ondemandRequest(requestId);
        Optional<RequestStatus> status = request.flatMap(OndemandRequest::status);
        if (request.isEmpty() || status.filter(s -> s == RequestStatus.FAILED || s == RequestStatus.DELETED).isPresent()) {
            if (ctx.fenced().move(pool.name(), vm, VmState.PENDING, VmState.COMPLETED)) {
                LOG.info("[>] [{}] '{}' is ready but request {} is {}; queued for destruction", pool.name(), vm,
                        requestId, status.map(RequestStatus::wireName).orElse("gone"));
            }
            return false;
        }
        if (request.get().finished() || !completion.lineWants(request.get(), alias, pool.name())) {
            // A late extra VM (a retry that raced a success): the request is served, so the pool gets it.
            ctx.vms().removeVmFields(vm, List.of(Field.REQUEST_ID, Field.POOL_ALIAS));
            LOG.info("[>] [{}] '{}' is not needed by request {} any more; giving it to the pool", pool.name(), vm,
                    requestId);
            arrivals.add(new BootedVm(vm, boot));
            return false;
        }
        OndemandRequest r = request.get();
        Integer lifetime = r.token().isPresent()
                ? (int) ctx.config().global().lifecycle().vmLifetimeAuth()
                        .orElse(ctx.config().global().lifecycle().vmLifetime()).toHours()
                : null;
        boolean moved = ctx.lifecycle().deliverOndemandVm(new OndemandDelivery(pool.name(), vm, requestId, alias, now, boot,
                ctx.today(), r.token().orElse(null), r.tokenUser().orElse(null), lifetime));
        if (moved) {
            LOG.info("[>] [{}] '{}' delivered to on-demand request {} after {}s", pool.name(), vm, requestId,
                    seconds(boot));
            completion.completeIfFilled(requestId);
        }
        return moved;
    }

    private void notReady(PoolConfig pool, String vm, VmRecord record, Duration age, boolean exists) {
        if (age.compareTo(pool.timeout()) > 0) {
            if (exists) {
                timedOut(pool, vm, record);
            } else {
                ctx.lifecycle().forgetVm(pool.name(), vm, VmState.PENDING, ctx.dataTtl());
                ctx.dns().delete(pool.name(), vm);
                LOG.info("[-] [{}] '{}' never appeared in the provider within {} minutes; removed from pending",
                        pool.name(), vm, pool.timeout().toMinutes());
            }
            return;
        }
        if (age.compareTo(pool.timeoutNotification()) > 0 && record.field(Field.TIMEOUT_NOTIFICATION).isEmpty()) {
            ctx.vms().setVmFields(vm, Map.of(Field.TIMEOUT_NOTIFICATION, "1"));
            long left = pool.timeout().minus(pool.timeoutNotification()).toMinutes();
            LOG.warn("[!] [{}] '{}' is not ready yet; impending failure in {} minutes ({})", pool.name(), vm, left,
                    ctx.vms().vm(vm).flatMap(r -> r.field(Field.OPEN_SOCKET_ERROR)).orElse("no probe error"));
        }
    }

    private void timedOut(PoolConfig pool, String vm, VmRecord record) {
        if (!ctx.fenced().move(pool.name(), vm, VmState.PENDING, VmState.COMPLETED)) {
            return;
        }
        ctx.metrics().increment("vmpooler_errors.markedasfailed." + pool.name());
        String reason = ctx.vms().vm(vm).flatMap(r -> r.field(Field.OPEN_SOCKET_ERROR))
                .or(() -> record.field(Field.CLONE_ERROR)).orElse("not reachable");
        LOG.error("[!] [{}] '{}' marked as 'failed' after {} minutes: {}", pool.name(), vm, pool.timeout().toMinutes(),
                reason);
        ctx.deadLetters().add(new DeadLetterQueue.Letter("pending", vm, pool.name(), "Timeout", reason, 0,
                record.requestId().orElse(null), record.poolAlias().orElse(null)));
        record.requestId().ifPresent(id -> retries.vmFailed(id, record.poolAlias().orElse(pool.name()), pool.name(),
                vm, "timed out: " + reason, retries.permanent(record.field(Field.CLONE_ERROR).orElse(null),
                        record.field(Field.CLONE_ERROR_CLASS).orElse(null))));
    }

    private static String seconds(Duration d) {
        return RubyTime.seconds(d);
    }
}
