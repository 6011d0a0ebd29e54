package org.vmpooler.server.faults;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.vmpooler.domain.VmState;

/** {@code kill -9} of a manager while a pool has clones in flight, then the same manager started again. */
final class ManagerKilledMidFill implements Fault {
    private final int manager;

    ManagerKilledMidFill(int manager) {
        this.manager = manager;
    }

    @Override
    public String name() {
        return "kill -9 of manager-" + (manager + 1) + " mid-fill";
    }

    @Override
    public void inject(FaultCluster cluster, CheckoutLedger ledger) throws Exception {
        // Under the checkout load the manager refills all the time; wait for a moment when it visibly does.
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() ->
                FaultCluster.POOLS.stream().anyMatch(pool ->
                        !StoreView.queues(cluster.redis(), pool).get(VmState.PENDING).isEmpty()));
        ServiceInstance victim = cluster.managers().get(manager);
        victim.kill();
        Thread.sleep(1000);
        victim.start();
    }
}
