package org.vmpooler.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

/** {@code kill -9} of one API replica: the clients' load moves to the other one; then it is started again. */
final class ApiReplicaKilled implements Fault {
    private static final Duration DOWN = Duration.ofSeconds(6);

    @Override
    public String name() {
        return "kill -9 of api-1";
    }

    @Override
    public void inject(FaultCluster cluster, CheckoutLedger ledger) throws Exception {
        ServiceInstance victim = cluster.apis().get(0);
        victim.kill();
        long before = ledger.figures().acknowledged();
        Thread.sleep(DOWN.toMillis());
        assertThat(ledger.figures().acknowledged() - before)
                .as("checkouts acknowledged by api-2 while api-1 was down").isPositive();
        victim.start();
    }
}
