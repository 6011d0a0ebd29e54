package org.vmpooler.manager.ondemand;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.domain.CloneKind;
import org.vmpooler.domain.OndemandRequest;
import org.vmpooler.domain.OndemandTask;
import org.vmpooler.domain.RequestedLine;
import org.vmpooler.domain.ScoredRequest;
import org.vmpooler.manager.ManagerContext;
import org.vmpooler.manager.clone.CloneBackoff;
import org.vmpooler.manager.clone.CloneOrder;
import org.vmpooler.manager.clone.Cloner;
import org.vmpooler.manager.clone.SlotRelease;
import org.vmpooler.provider.Provider;

/**
 * Turns on-demand requests into clones: new requests are split into one task per requested line, tasks become
 * clones as far as {@code ondemand_clone_limit} allows (retries first), and requests in progress are completed
 * when filled or failed after {@code ondemand_request_ttl}. Tasks of requests that are no longer in progress are
 * dropped instead of cloned; tasks of a pool whose clones the platform's refusals hold back wait. Where several
 * managers share the store, any of them splits a new request, and each task is cloned by the owner of its pool.
 */
public final class OndemandProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(OndemandProvisioner.class);

    private final ManagerContext ctx;
    private final Cloner cloner;
    private final RequestCompletion completion;
    private final CloneBackoff backoff;

    public OndemandProvisioner(ManagerContext ctx, Cloner cloner, RequestCompletion completion, CloneBackoff backoff) {
        this.ctx = ctx;
        this.cloner = cloner;
        this.completion = completion;
        this.backoff = backoff;
    }

    /** One pass; returns how much work was outstanding (non-zero keeps the loop polling fast). */
    public int runOnce() {
        List<ScoredRequest> fresh = ctx.ondemand().newOndemandRequests();
        fresh.forEach(this::begin);
        List<OndemandTask> tasks = ctx.ondemand().ondemandTasks();
        startClones(tasks);
        List<ScoredRequest> processing = ctx.ondemand().processingOndemandRequests();
        processing.forEach(this::settle);
        return fresh.size() + tasks.size() + processing.size();
    }

    private void begin(ScoredRequest scored) {
        Optional<OndemandRequest> request = ctx.ondemand().ondemandRequest(scored.id());
        if (request.isEmpty() || request.get().finished()) {
            LOG.info("on-demand request {} is {}; dropped", scored.id(),
                    request.flatMap(OndemandRequest::statusText).orElse("gone"));
            ctx.ondemand().discardNewOndemandRequest(scored.id());
            return;
        }
        List<RequestedLine> lines;
        try {
            lines = request.get().requested();
        } catch (IllegalArgumentException e) {
            lines = List.of();
            LOG.error("on-demand request {} cannot be read: {}", scored.id(), e.getMessage());
        }
        if (lines.isEmpty()) {
            ctx.ondemand().discardNewOndemandRequest(scored.id());
            ctx.ondemand().failOndemandRequest(scored.id(), "Malformed request: nothing requested", ctx.dataTtl());
            return;
        }
        ctx.ondemand().beginOndemandProcessing(scored, lines, ctx.now());
        LOG.info("on-demand request {} accepted: {}", scored.id(), RequestedLine.formatAll(lines));
    }

    private void startClones(List<OndemandTask> tasks) {
        int limit = ctx.config().global().provisioning().ondemandCloneLimit();
        for (OndemandTask task : tasks) {
            if (!ctx.ownership().owns(task.pool())) {
                // The owner of the pool clones for it, so the pool's clones and its refill share one manager.
                continue;
            }
            Optional<OndemandRequest> request = ctx.ondemand().ondemandRequest(task.requestId());
            Optional<String> status = request.map(r -> r.statusText().orElse(""));
            if (status.isEmpty() || !status.get().isEmpty()) {
                ctx.ondemand().takeOndemandTask(task, task.count());
                LOG.info("[-] [{}] dropped {} clone(s) for on-demand request {} which is {}", task.pool(), task.count(),
                        task.requestId(), status.filter(s -> !s.isEmpty()).orElse("gone"));
                continue;
            }
            if (backoff.heldUntil(task.pool()).isPresent()) {
                // The task waits in the queue: a clone now would be refused again and spend one of its retries.
                continue;
            }
            int granted = ctx.cloneSlots().tryAcquire(CloneKind.ONDEMAND, task.count(), limit);
            if (granted == 0) {
                return;
            }
            if (!ctx.ondemand().takeOndemandTask(task, granted)) {
                for (int i = 0; i < granted; i++) {
                    ctx.cloneSlots().release(CloneKind.ONDEMAND);
                }
                continue;
            }
            Provider provider = ctx.providers().forPool(task.pool());
            for (int i = 0; i < granted; i++) {
                Runnable release = SlotRelease.once(() -> ctx.cloneSlots().release(CloneKind.ONDEMAND));
                CloneOrder order = CloneOrder.ondemand(task.pool(), task.requestId(), task.alias(),
                        request.flatMap(OndemandRequest::tokenUser));
                ctx.calls().submit(provider.name(), () -> cloner.clone(order, provider, release))
                        .whenComplete((ok, e) -> release.run());
            }
        }
    }

    private void settle(ScoredRequest scored) {
        Duration age = Duration.ofSeconds(ctx.now().getEpochSecond() - scored.createdEpochSeconds());
        Duration ttl = ctx.config().global().provisioning().ondemandRequestTtl();
        if (completion.completeIfFilled(scored.id())) {
            return;
        }
        if (age.compareTo(ttl) > 0) {
            ctx.ondemand().failOndemandRequest(scored.id(), "Request expired after " + ttl.toMinutes() + " minutes",
                    ctx.dataTtl());
            LOG.error("on-demand request {} expired after {} minutes without being filled", scored.id(), ttl.toMinutes());
        }
    }
}
