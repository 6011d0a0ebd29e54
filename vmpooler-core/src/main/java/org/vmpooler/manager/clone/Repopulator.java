package org.vmpooler.manager.clone;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.domain.PoolCounts;
import org.vmpooler.manager.ManagerContext;
import org.vmpooler.manager.pool.PoolState;
import org.vmpooler.provider.Provider;

/**
 * Keeps a pool at its size: ready plus pending VMs plus clones admitted but not yet pending (running and
 * completed ones do not count) are topped up with new clones, as many as fair clone admission allows this cycle,
 * unless the platform's refusals hold the pool's clones back ({@link CloneBackoff}).
 * Also publishes the pool's ready/running gauges and whether it ran empty.
 */
public final class Repopulator {

    private static final Logger LOG = LoggerFactory.getLogger(Repopulator.class);

    private final ManagerContext ctx;
    private final CloneAdmission admission;
    private final AdmittedClones admitted;
    private final Cloner cloner;
    private final Supplier<Map<String, PoolState>> pools;
    private final CloneBackoff backoff;

    public Repopulator(ManagerContext ctx, CloneAdmission admission, AdmittedClones admitted, Cloner cloner,
                       Supplier<Map<String, PoolState>> pools, CloneBackoff backoff) {
        this.ctx = ctx;
        this.admission = admission;
        this.admitted = admitted;
        this.cloner = cloner;
        this.pools = pools;
        this.backoff = backoff;
    }

    /** Returns the number of clones started. */
    public int repopulate(PoolState pool, Provider provider) {
        Map<String, PoolState> all = pools.get();
        // Read before the queues: a clone that reaches pending in between is then counted twice for this pass,
        // never not at all.
        Map<String, Integer> waiting = new HashMap<>();
        all.keySet().forEach(name -> waiting.put(name, admitted.waiting(name)));
        Map<String, PoolCounts> counts = ctx.vms().counts(all.keySet());
        PoolCounts mine = counts.getOrDefault(pool.name(), PoolCounts.EMPTY);
        ctx.metrics().gauge("ready." + pool.name(), mine.ready());
        ctx.metrics().gauge("running." + pool.name(), mine.running());
        ctx.metrics().gauge("pending." + pool.name(), mine.pending());
        if (pool.size() > 0 && ctx.poolSettings().markPoolEmpty(pool.name(), mine.ready() == 0) && mine.ready() == 0) {
            LOG.warn("[!] [{}] is empty", pool.name());
        }
        long missing = pool.size() - (mine.ready() + mine.pending() + waiting.get(pool.name()));
        if (missing <= 0) {
            return 0;
        }
        Optional<Instant> held = backoff.heldUntil(pool.name());
        if (held.isPresent()) {
            LOG.debug("[{}] {} clone(s) missing, held back until {}", pool.name(), missing, held.get());
            return 0;
        }
        int inNeed = (int) all.values().stream().filter(p -> {
            PoolCounts c = counts.getOrDefault(p.name(), PoolCounts.EMPTY);
            return c.ready() + c.pending() + waiting.get(p.name()) < p.size();
        }).count();
        int started = admission.tryAcquire(pool.name(), inNeed, missing);
        for (int i = 0; i < started; i++) {
            Runnable named = admitted.admit(pool.name());
            Runnable release = SlotRelease.once(() -> {
                named.run();
                admission.release(pool.name());
            });
            CloneOrder order = CloneOrder.forPool(pool.name(), named);
            ctx.calls().submit(provider.name(), () -> cloner.clone(order, provider, release))
                    .whenComplete((ok, e) -> release.run());
        }
        return started;
    }
}
