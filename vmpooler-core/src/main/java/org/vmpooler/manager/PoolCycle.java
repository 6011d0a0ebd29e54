package org.vmpooler.manager;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.config.PoolConfig;
import org.vmpooler.domain.VmRecord;
import org.vmpooler.domain.VmState;
import org.vmpooler.manager.check.Destroyer;
import org.vmpooler.manager.check.DiscoveredCheck;
import org.vmpooler.manager.check.Inventory;
import org.vmpooler.manager.check.MigrationCheck;
import org.vmpooler.manager.check.PendingCheck;
import org.vmpooler.manager.check.PoolSnapshot;
import org.vmpooler.manager.check.ReadyArrivals;
import org.vmpooler.manager.check.ReadyCheck;
import org.vmpooler.manager.check.RunningCheck;
import org.vmpooler.manager.check.StoreLostData;
import org.vmpooler.manager.clone.ExcessRemover;
import org.vmpooler.manager.clone.Repopulator;
import org.vmpooler.manager.pool.PoolOverrides;
import org.vmpooler.manager.pool.PoolState;
import org.vmpooler.provider.Provider;

/**
 * One pass over a pool: inventory, then every VM checked according to its state (concurrently, bounded per
 * provider, one piece of work per VM at a time), then the pool's configuration changes applied, the pool refilled
 * and any surplus retired. If the provider cannot list the pool, the pass is skipped: acting on a wrong inventory
 * would destroy VMs.
 */
public final class PoolCycle {

    private static final Logger LOG = LoggerFactory.getLogger(PoolCycle.class);
    private static final Duration SLOW_CYCLE = Duration.ofSeconds(5);
    private static final AttributeKey<String> POOL = AttributeKey.stringKey("vmpooler.pool");
    private static final AttributeKey<Long> CLONED = AttributeKey.longKey("vmpooler.cloned");
    /** How long a pass waits for its checks; a VM whose check hangs stays guarded and is skipped meanwhile. */
    static final Duration CHECK_PATIENCE = Duration.ofMinutes(5);

    /** What a pass did; activity makes the worker poll again soon. */
    public record Result(int discovered, int checkedPending, int cloned, int retired) {
        public static final Result IDLE = new Result(0, 0, 0, 0);

        public boolean active() {
            return discovered > 0 || checkedPending > 0 || cloned > 0;
        }
    }

    /** The steps of a pass. */
    public record Steps(Inventory inventory, RunningCheck running, ReadyCheck ready, PendingCheck pending,
                        Destroyer destroyer, DiscoveredCheck discovered, MigrationCheck migration,
                        PoolOverrides overrides, Repopulator repopulator, ExcessRemover excess) {
    }

    private final ManagerContext ctx;
    private final Steps steps;

    public PoolCycle(ManagerContext ctx, Steps steps) {
        this.ctx = ctx;
        this.steps = steps;
    }

    /** One pass, traced as a {@code pool cycle} span (a no-op unless the server enabled tracing). */
    public Result run(PoolState pool) throws InterruptedException {
        Span span = GlobalOpenTelemetry.getTracer("org.vmpooler").spanBuilder("pool cycle")
                .setAttribute(POOL, pool.name()).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            Result result = pass(pool);
            span.setAttribute(CLONED, result.cloned());
            return result;
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
    }

    private Result pass(PoolState pool) throws InterruptedException {
        Instant start = ctx.now();
        Provider provider = ctx.providers().forPool(pool.name());
        Inventory.Result inventory;
        try {
            inventory = steps.inventory().take(pool.name(), provider);
        } catch (StoreLostData e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.error("[!] [{}] cycle skipped: cannot take the inventory from provider {}: {}", pool.name(),
                    provider.name(), e.toString());
            return Result.IDLE;
        }
        PoolSnapshot snapshot = inventory.snapshot();
        PoolConfig config = pool.effective();
        AtomicInteger pendingChecked = new AtomicInteger();
        List<Runnable> work = new ArrayList<>();
        forEach(snapshot, VmState.RUNNING, work, vm -> steps.running().check(config, provider, vm, snapshot));
        Set<String> ready = snapshot.queues().in(VmState.READY);
        steps.ready().retainOnly(pool.name(), ready);
        Instant now = ctx.now();
        forEach(snapshot, VmState.READY, vm -> !snapshot.exists(vm) || steps.ready().due(pool.name(), vm, now), work,
                vm -> {
                    if (snapshot.exists(vm)) {
                        steps.ready().check(config, provider, vm);
                    } else if (ctx.fenced().move(pool.name(), vm, VmState.READY, VmState.COMPLETED)) {
                        LOG.info("[-] [{}] '{}' is no longer in the provider; moved from 'ready' to 'completed'",
                                pool.name(), vm);
                    }
                });
        ReadyArrivals arrivals = new ReadyArrivals(ctx, pool.name());
        Map<String, VmRecord> pending = ctx.vms().records(List.copyOf(snapshot.queues().in(VmState.PENDING)));
        forEach(snapshot, VmState.PENDING, work, vm -> {
            pendingChecked.incrementAndGet();
            steps.pending().check(config, provider, vm, snapshot.exists(vm), Optional.ofNullable(pending.get(vm)),
                    arrivals);
        });
        forEach(snapshot, VmState.COMPLETED, vm -> !snapshot.exists(vm), work,
                vm -> steps.destroyer().forget(pool.name(), vm));
        Destroyer.Batch destroys = beginDestroys(pool.name(), provider, snapshot);
        work.addAll(destroys.destroys());
        forEach(snapshot, VmState.DISCOVERED, work, vm -> steps.discovered().check(pool.name(), vm, snapshot));
        awaitChecks(pool.name(), provider, work);
        finishDestroys(pool.name(), destroys);
        arrivals.commit();
        List<Runnable> migrations = new ArrayList<>();
        forEach(snapshot, VmState.MIGRATING, migrations,
                vm -> steps.migration().check(pool.name(), provider, vm, snapshot.exists(vm)));
        awaitChecks(pool.name(), provider, migrations);

        int retired = steps.overrides().apply(pool, provider);
        int cloned = 0;
        if (!inventory.held()) {
            cloned = steps.repopulator().repopulate(pool, provider);
            retired += steps.excess().removeExcess(pool);
        }

        Duration took = Duration.between(start, ctx.now());
        ctx.metrics().gauge("vmpooler_performance.check_pool." + pool.name(), took.toMillis() / 1000.0);
        if (took.compareTo(SLOW_CYCLE) > 0) {
            LOG.info("[!] [{}] check cycle took {}s", pool.name(), took.toSeconds());
        }
        return new Result(inventory.discovered(), pendingChecked.get(), cloned, retired);
    }

    /** The completed VMs the provider still has; a store that cannot mark them leaves them for the next pass. */
    private Destroyer.Batch beginDestroys(String pool, Provider provider, PoolSnapshot snapshot) {
        List<String> existing = snapshot.queues().in(VmState.COMPLETED).stream().filter(snapshot::exists).toList();
        try {
            return steps.destroyer().begin(pool, provider, existing);
        } catch (RuntimeException e) {
            LOG.error("[!] [{}] {} completed VM(s) not destroyed this cycle: cannot mark them: {}", pool,
                    existing.size(), e.toString());
            return steps.destroyer().empty(pool, provider);
        }
    }

    /** VMs destroyed but still in completed are found gone from the provider next pass and forgotten then. */
    private static void finishDestroys(String pool, Destroyer.Batch destroys) {
        try {
            destroys.finish();
        } catch (RuntimeException e) {
            LOG.error("[!] [{}] destroyed VMs stay in 'completed' until the next cycle: {}", pool, e.toString());
        }
    }

    private void awaitChecks(String pool, Provider provider, List<Runnable> work) throws InterruptedException {
        if (!ctx.calls().runAll(provider.name(), work, CHECK_PATIENCE)) {
            LOG.warn("[!] [{}] some checks are still waiting on provider {} after {} minutes; moving on", pool,
                    provider.name(), CHECK_PATIENCE.toMinutes());
        }
    }

    private void forEach(PoolSnapshot snapshot, VmState state, List<Runnable> work, Consumer<String> check) {
        forEach(snapshot, state, vm -> true, work, check);
    }

    /** Queues the check of each VM in the state that {@code needed} accepts. */
    private void forEach(PoolSnapshot snapshot, VmState state, Predicate<String> needed, List<Runnable> work,
                         Consumer<String> check) {
        for (String vm : snapshot.queues().in(state)) {
            if (!needed.test(vm)) {
                continue;
            }
            work.add(() -> {
                try {
                    ctx.guard().runExclusively(vm, () -> check.accept(vm));
                } catch (RuntimeException e) {
                    LOG.error("[!] [{}] '{}' {} check failed: {}", snapshot.pool(), vm, state.wireName(), e.toString(), e);
                }
            });
        }
    }
}
