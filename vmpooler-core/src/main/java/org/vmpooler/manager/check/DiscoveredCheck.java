package org.vmpooler.manager.check;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.domain.VmState;
import org.vmpooler.manager.ManagerContext;

/**
 * Settles discovered VMs: one the store meanwhile knows in another state is just dropped from discovered; a real
 * orphan is queued for destruction.
 */
public final class DiscoveredCheck {

    private static final Logger LOG = LoggerFactory.getLogger(DiscoveredCheck.class);

    private final ManagerContext ctx;

    public DiscoveredCheck(ManagerContext ctx) {
        this.ctx = ctx;
    }

    public void check(String pool, String vm, PoolSnapshot snapshot) {
        boolean known = VmState.EXCLUSIVE.stream().filter(s -> s != VmState.DISCOVERED)
                .anyMatch(s -> snapshot.queues().in(s).contains(vm));
        if (known) {
            ctx.vms().remove(pool, vm, VmState.DISCOVERED);
        } else if (ctx.fenced().move(pool, vm, VmState.DISCOVERED, VmState.COMPLETED)) {
            LOG.info("[-] [{}] '{}' is unknown to vmpooler; moved from 'discovered' to 'completed' queue", pool, vm);
        }
    }
}
