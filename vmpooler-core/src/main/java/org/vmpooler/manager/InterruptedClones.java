package org.vmpooler.manager;

import java.util.HashSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.domain.VmState;

/**
 * Pending VMs the provider does not have were being cloned by a manager that stopped or died: their clone will
 * never finish, so they are dropped instead of holding a place in the pool until {@code timeout}. Run for every
 * pool at start-up when one manager runs, and for a pool when this manager takes its lease over (a manager hands a
 * pool over only with nothing pending, so what is pending then belongs to one that is gone). If the provider
 * cannot list the pool, the VMs are left to the normal timeout.
 */
final class InterruptedClones {

    private static final Logger LOG = LoggerFactory.getLogger(InterruptedClones.class);

    private final ManagerContext ctx;

    InterruptedClones(ManagerContext ctx) {
        this.ctx = ctx;
    }

    void drop(String pool) {
        Set<String> existing;
        try {
            existing = new HashSet<>(ctx.providers().forPool(pool).vmsInPool(pool));
        } catch (RuntimeException e) {
            LOG.warn("[!] [{}] cannot list the provider's VMs to find interrupted clones: {}", pool, e.toString());
            return;
        }
        for (String vm : ctx.vms().vms(pool, VmState.PENDING)) {
            if (!existing.contains(vm)) {
                ctx.lifecycle().forgetVm(pool, vm, VmState.PENDING, ctx.dataTtl());
                LOG.info("[-] [{}] '{}' was being cloned by a manager that stopped and does not exist; dropped",
                        pool, vm);
            }
        }
    }
}
