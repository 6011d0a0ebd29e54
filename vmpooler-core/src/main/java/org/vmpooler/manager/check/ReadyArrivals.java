package org.vmpooler.manager.check;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.domain.BootedVm;
import org.vmpooler.domain.RubyTime;
import org.vmpooler.manager.ManagerContext;

/**
 * The pool VMs a pass found ready, moved from pending to ready together once the pass's checks are done: one store
 * write a pass instead of one per VM, which is most of the manager's store traffic while a pool refills.
 */
public final class ReadyArrivals {

    private static final Logger LOG = LoggerFactory.getLogger(ReadyArrivals.class);

    private final ManagerContext ctx;
    private final String pool;
    private final List<BootedVm> booted = new ArrayList<>();

    public ReadyArrivals(ManagerContext ctx, String pool) {
        this.ctx = ctx;
        this.pool = pool;
    }

    synchronized void add(BootedVm vm) {
        booted.add(vm);
    }

    /** Moves the VMs added so far; those no longer pending (retired meanwhile) stay where they are. */
    public void commit() {
        List<BootedVm> arrived;
        synchronized (this) {
            arrived = List.copyOf(booted);
            booted.clear();
        }
        if (arrived.isEmpty()) {
            return;
        }
        Set<String> moved = new HashSet<>(ctx.lifecycle().markReady(pool, arrived, ctx.now(), ctx.today()));
        for (BootedVm vm : arrived) {
            if (moved.contains(vm.name())) {
                ctx.metrics().timing("time_to_ready_state." + pool, vm.bootTime().toMillis() / 1000.0);
                LOG.info("[>] [{}] '{}' moved from 'pending' to 'ready' queue after {}s", pool, vm.name(),
                        RubyTime.seconds(vm.bootTime()));
            }
        }
    }
}
