package org.vmpooler.server.faults;

import java.time.Duration;

/**
 * A manager stopped with SIGSTOP for longer than several of its passes (a long GC pause, a VM migration of its
 * host), then resumed with SIGCONT. With one manager nothing may come of it beyond a short pause in refills.
 */
final class ManagerFrozen implements Fault {
    private final int manager;
    /** Longer than the loops' delays (several managers: longer than a lease, so that another takes over). */
    private final Duration frozen;

    ManagerFrozen(int manager, Duration frozen) {
        this.manager = manager;
        this.frozen = frozen;
    }

    @Override
    public String name() {
        return "SIGSTOP of manager-" + (manager + 1) + " for " + frozen.toSeconds() + " s";
    }

    @Override
    public void inject(FaultCluster cluster, CheckoutLedger ledger) throws Exception {
        ServiceInstance victim = cluster.managers().get(manager);
        victim.freeze();
        try {
            Thread.sleep(frozen.toMillis());
        } finally {
            victim.resume();
        }
    }
}
