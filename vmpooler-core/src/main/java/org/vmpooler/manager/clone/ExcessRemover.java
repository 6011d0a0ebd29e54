package org.vmpooler.manager.clone;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.domain.VmState;
import org.vmpooler.manager.ManagerContext;
import org.vmpooler.manager.pool.PoolState;

/**
 * Shrinks a pool whose ready VMs exceed its size (after a size override): the surplus ready VMs and every pending
 * one are moved to completed. Each move is one atomic store operation, so no VM is lost on the way (the
 * reference popped VMs out of ready and then failed to move them).
 */
public final class ExcessRemover {

    private static final Logger LOG = LoggerFactory.getLogger(ExcessRemover.class);

    private final ManagerContext ctx;

    public ExcessRemover(ManagerContext ctx) {
        this.ctx = ctx;
    }

    /** Returns the number of VMs retired. */
    public int removeExcess(PoolState pool) {
        long ready = ctx.vms().count(pool.name(), VmState.READY);
        if (ready <= pool.size()) {
            return 0;
        }
        List<String> surplus = ctx.vms().moveSome(pool.name(), VmState.READY, VmState.COMPLETED, ready - pool.size());
        List<String> pending = ctx.vms().moveAll(pool.name(), VmState.PENDING, VmState.COMPLETED);
        if (!surplus.isEmpty() || !pending.isEmpty()) {
            LOG.info("[-] [{}] above its size of {}: retired ready {} and pending {}", pool.name(), pool.size(), surplus,
                    pending);
        }
        return surplus.size() + pending.size();
    }
}
