package org.vmpooler.server.faults;

import java.time.Duration;

/**
 * Redis stopped (SIGTERM) and started again on the same port after a short outage: with its append-only file
 * it comes back with everything it acknowledged; without persistence it comes back empty.
 */
final class RedisRestarted implements Fault {
    private static final Duration DOWN = Duration.ofSeconds(3);
    private final LocalRedis.Persistence persistence;

    RedisRestarted(LocalRedis.Persistence persistence) {
        this.persistence = persistence;
    }

    @Override
    public String name() {
        return persistence == LocalRedis.Persistence.AOF ? "Redis restart with AOF" : "Redis restart, empty";
    }

    @Override
    public void inject(FaultCluster cluster, CheckoutLedger ledger) throws Exception {
        cluster.redis().restart(persistence, DOWN);
    }

    @Override
    public boolean storeKeepsItsData() {
        return persistence == LocalRedis.Persistence.AOF;
    }
}
