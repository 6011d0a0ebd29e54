package org.vmpooler.manager.check;

import java.util.HashSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.domain.PoolQueues;
import org.vmpooler.domain.VmState;
import org.vmpooler.manager.ManagerContext;
import org.vmpooler.provider.Provider;

/**
 * Takes a pool's inventory: the provider's list of VMs, then the store's queues, and queues as discovered every
 * VM the provider has that the store does not know. The store is read after the provider so that a VM reserved
 * in pending before its provider create is never mistaken for an orphan.
 */
public final class Inventory {

    private static final Logger LOG = LoggerFactory.getLogger(Inventory.class);

    private final ManagerContext ctx;

    public Inventory(ManagerContext ctx) {
        this.ctx = ctx;
    }

    /** The snapshot and the number of VMs newly discovered; provider failures propagate (the cycle is skipped). */
    public Result take(String pool, Provider provider) {
        Set<String> listed = new HashSet<>(provider.vmsInPool(pool));
        PoolQueues queues = ctx.store().queues(pool);
        int discovered = 0;
        for (String vm : listed) {
            if (!queues.knows(vm) && ctx.store().add(pool, vm, VmState.DISCOVERED)) {
                LOG.info("[?] [{}] '{}' found in the provider but unknown to the store; queued as discovered", pool, vm);
                discovered++;
            }
        }
        PoolQueues current = discovered > 0 ? ctx.store().queues(pool) : queues;
        return new Result(new PoolSnapshot(pool, listed, current), discovered);
    }

    public record Result(PoolSnapshot snapshot, int discovered) {
    }
}
