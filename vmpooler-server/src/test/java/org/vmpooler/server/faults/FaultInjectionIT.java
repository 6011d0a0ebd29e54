package org.vmpooler.server.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The fault-injection suite (docs/OPERATIONS.md, "What each fault does"): one deployment of real processes under
 * steady checkout load, and one fault after another, each followed by the invariants. The faults run in order on
 * the same cluster, the one that empties the store last. A new fault is a small {@link Fault} class and a test
 * method here; {@link #MANAGERS} sets how many manager processes share the store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultInjectionIT {
    private static final int MANAGERS = 2;
    private static final int CLIENTS = 4;

    private FaultCluster cluster;
    private CheckoutLoad load;
    private FaultRun faults;
    private final CheckoutLedger ledger = new CheckoutLedger();

    @BeforeAll
    void startClusterUnderLoad() throws Exception {
        // Under target/, kept after the run (the services' logs, Redis's log and the dummy's inventory are the
        // evidence when a fault fails), and out of /tmp, where another test run's clean-up once removed a
        // running cluster's Redis folder and made a restart "with AOF" come back empty.
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "fault-injection"))
                .toAbsolutePath(), "run-");
        System.out.println("[faults] processes, logs and data in " + dir);
        cluster = FaultCluster.start(dir, MANAGERS, LocalRedis.Persistence.AOF);
        load = CheckoutLoad.start(CLIENTS, ledger, FaultCluster.POOLS, () -> cluster.apis().get(0).port(),
                () -> cluster.apis().get(1).port());
        Awaitility.await("first checkouts").atMost(Duration.ofSeconds(60)).until(() -> ledger.figures()
                .acknowledged() > 0);
        faults = new FaultRun(cluster, ledger, load);
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (load != null) {
                load.close();
            }
            System.out.println("[faults] whole run: " + ledger.figures().requests() + " requests, "
                    + ledger.figures().acknowledged() + " checkouts, errors " + ledger.figures().errors() + "\n"
                    + FaultRun.summary());
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Test
    @Order(1)
    void managerKilledMidFill() throws Exception {
        run(new ManagerKilledMidFill(0));
    }

    @Test
    @Order(2)
    void apiReplicaKilled() throws Exception {
        run(new ApiReplicaKilled());
    }

    @Test
    @Order(3)
    void managerFrozenPastItsLoop() throws Exception {
        run(new ManagerFrozen(0, Duration.ofSeconds(6))); // three times check_loop_delay_max
    }

    @Test
    @Order(4)
    void managerFrozenPastItsLease() throws Exception {
        // Its pools go to the other manager meanwhile; once resumed, its late writes for them are refused.
        run(new ManagerFrozen(1, FaultCluster.LEASE_TTL.plusSeconds(5)));
    }

    @Test
    @Order(5)
    void redisRestartedWithItsAppendOnlyFile() throws Exception {
        run(new RedisRestarted(LocalRedis.Persistence.AOF));
    }

    @Test
    @Order(6)
    void redisRestartedEmpty() throws Exception {
        run(new RedisRestarted(LocalRedis.Persistence.NONE));
    }

    private void run(Fault fault) throws Exception {
        try {
            faults.run(fault);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\nservice logs:" + cluster.logTails(), e);
        }
    }
}
