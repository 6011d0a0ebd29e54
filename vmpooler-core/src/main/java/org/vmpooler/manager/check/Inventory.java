package org.vmpooler.manager.check;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.config.EmptyStorePolicy;
import org.vmpooler.domain.PoolQueues;
import org.vmpooler.domain.VmState;
import org.vmpooler.manager.ManagerContext;
import org.vmpooler.provider.Provider;

/**
 * Takes a pool's inventory: the provider's list of VMs, then the store's queues, and queues as discovered the VMs
 * the provider has that the store does not know and that {@link LeakDetector} finds to be this instance's leaks.
 * The store is read after the provider so that a VM reserved in pending before its provider create is never
 * mistaken for an orphan.
 *
 * <p>Discovered VMs are destroyed, so a store that lost its data (flushed, or the wrong Redis or database) would
 * have every VM of every pool destroyed, checked-out ones included, as the reference does. When more than
 * {@link #SUSPICIOUS_UNKNOWN} VMs and more than half of what the provider lists are unknown in one pass, the
 * store is more likely wrong than the provider full of orphans: nothing is queued, the pass says so, and the
 * pool is not refilled meanwhile (new clones would make the unknown VMs look like a minority and let them be
 * destroyed on the next pass).
 *
 * <p>With {@code on_empty_store: adopt} (the default) such a pass instead takes this instance's labelled VMs back
 * into the store ({@link Adoption}) as checked out — labels cannot tell an idle VM from one somebody uses, and
 * handing a used VM to a second client is the worse mistake — so the pool is refilled beside them at once and
 * the adopted VMs are retired when their lifetime, counted from the adoption, ends or when given back. With
 * {@code on_empty_store: stop} it throws {@link StoreLostData} instead, and the process stops.
 */
public final class Inventory {

    private static final Logger LOG = LoggerFactory.getLogger(Inventory.class);

    static final int SUSPICIOUS_UNKNOWN = 5;

    private final ManagerContext ctx;
    private final LeakDetector leaks;
    private final Adoption adoption;

    public Inventory(ManagerContext ctx) {
        this.ctx = ctx;
        this.leaks = new LeakDetector(ctx);
        this.adoption = new Adoption(ctx);
    }

    /** The snapshot and the number of VMs newly discovered; provider failures propagate (the cycle is skipped). */
    public Result take(String pool, Provider provider) {
        Set<String> listed = new HashSet<>(provider.vmsInPool(pool));
        PoolQueues queues = ctx.vms().queues(pool);
        List<String> unknown = listed.stream().filter(vm -> !queues.knows(vm)).toList();
        leaks.retainOnly(pool, unknown);
        boolean storeLooksLost = unknown.size() > SUSPICIOUS_UNKNOWN && unknown.size() * 2 > listed.size();
        EmptyStorePolicy policy = ctx.config().global().onEmptyStore();
        if (storeLooksLost && policy == EmptyStorePolicy.STOP) {
            throw new StoreLostData(pool, listed.size(), unknown.size());
        }
        if (storeLooksLost && policy == EmptyStorePolicy.ADOPT) {
            LOG.warn("[!] [{}] the provider lists {} VMs of which {} are unknown to the store: the store lost its data "
                    + "(flushed, or the wrong Redis or database); adopting this instance's VMs as checked out "
                    + "(on_empty_store: adopt)", pool, listed.size(), unknown.size());
            adoption.adopt(pool, provider, unknown);
            return new Result(new PoolSnapshot(pool, listed, ctx.vms().queues(pool)), 0, false);
        }
        if (storeLooksLost) {
            ctx.metrics().increment("vmpooler_errors.discovery_held." + pool);
            LOG.error("[!] [{}] the provider lists {} VMs of which {} are unknown to the store; not treating them "
                    + "as orphans, since destroying them would be wrong if the store lost its data (flushed, or "
                    + "the wrong Redis or database). Check the store; destroy real orphans by hand, or set "
                    + "on_empty_store: adopt", pool,
                    listed.size(), unknown.size());
            return new Result(new PoolSnapshot(pool, listed, queues), 0, true);
        }
        int discovered = 0;
        for (String vm : unknown) {
            if (leaks.dueForDestruction(pool, provider, vm) && ctx.vms().add(pool, vm, VmState.DISCOVERED)) {
                LOG.info("[?] [{}] '{}' found in the provider but unknown to the store; queued as discovered", pool, vm);
                discovered++;
            }
        }
        PoolQueues current = discovered > 0 ? ctx.vms().queues(pool) : queues;
        return new Result(new PoolSnapshot(pool, listed, current), discovered, false);
    }

    /** {@code held}: the unknown VMs were left alone because the store looks wrong. */
    public record Result(PoolSnapshot snapshot, int discovered, boolean held) {
    }
}
