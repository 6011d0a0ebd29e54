package org.vmpooler.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.awaitility.Awaitility;
import org.vmpooler.domain.VmState;

/**
 * What must hold after any fault, read from the ledger, from Redis directly and from the dummy's inventory
 * file. Checks that depend on the cluster settling wait for it within {@link #SETTLE}.
 */
final class FaultInvariants {
    /** The stated bound for "pools back at size" and for provider and store to agree again. */
    static final Duration SETTLE = Duration.ofSeconds(60);

    private FaultInvariants() {
    }

    /** No hostname acknowledged to a client had been acknowledged before (names are never reused). */
    static void noVmHandedOutTwice(CheckoutLedger.Figures during) {
        assertThat(during.doubleHandouts()).as("VMs handed out twice").isEmpty();
    }

    /**
     * The API answers a store or replica outage with 503 (the client may retry), never with another server
     * error: a 500 would mean an outage reached a code path that does not expect it.
     */
    static void noServerErrorButUnavailable(CheckoutLedger.Figures during) {
        assertThat(during.answers().keySet()).as("answers during the fault")
                .noneMatch(answer -> answer.matches("\\S+ 5\\d\\d") && !answer.endsWith(" 503"));
    }

    /**
     * No acknowledged checkout lost: no give-back was answered "unknown VM", and every VM a client holds right
     * now is in its pool's running queue.
     */
    static void noAcknowledgedCheckoutLost(CheckoutLedger.Figures during, FaultCluster cluster,
                                           CheckoutLedger ledger) {
        assertThat(during.lost()).as("acknowledged checkouts the store forgot").isEmpty();
        heldVmsAreRunning(cluster, ledger);
    }

    /**
     * Every VM a client holds right now is in its pool's running queue: a hold seen, with no give-back in flight,
     * before and after the read of the queues, so it was held throughout. A give-back in flight during the read may
     * already have taken the VM out of running while its answer is still on the wire.
     */
    static void heldVmsAreRunning(FaultCluster cluster, CheckoutLedger ledger) {
        Map<String, CheckoutLedger.Hold> before = ledger.quietHolds();
        Map<String, Set<String>> running = new HashMap<>();
        for (String pool : FaultCluster.POOLS) {
            running.put(pool, StoreView.queues(cluster.redis(), pool).get(VmState.RUNNING));
        }
        Map<String, CheckoutLedger.Hold> after = ledger.quietHolds();
        before.values().stream().filter(hold -> hold.equals(after.get(hold.vm())))
                .forEach(hold -> assertThat(running.get(hold.pool()))
                        .as("running queue of %s holds %s, held by client %d", hold.pool(), hold.vm(), hold.client())
                        .contains(hold.vm()));
    }

    /** No VM in two of a pool's exclusive queues, read in one transaction. */
    static void noVmInTwoStates(FaultCluster cluster) {
        for (String pool : FaultCluster.POOLS) {
            Map<String, List<VmState>> doubled = StoreView.queues(cluster.redis(), pool).inTwoStates();
            assertThat(doubled).as("VMs of pool %s in two queues", pool).isEmpty();
        }
    }

    /** No leak: within {@link #SETTLE} every VM in the provider's inventory is known to the store. */
    static void providerAndStoreAgree(FaultCluster cluster) {
        Awaitility.await().atMost(SETTLE).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(unknownToTheStore(cluster))
                        .as("VMs the provider has and the store does not know").isEmpty());
    }

    static Set<String> unknownToTheStore(FaultCluster cluster) throws IOException {
        Map<String, Set<String>> inventory = StoreView.inventory(cluster.inventory());
        Set<String> unknown = new HashSet<>();
        for (String pool : FaultCluster.POOLS) {
            Set<String> known = StoreView.queues(cluster.redis(), pool).known();
            inventory.getOrDefault(pool, Set.of()).stream().filter(vm -> !known.contains(vm)).forEach(unknown::add);
        }
        return unknown;
    }

    /**
     * The provider's VMs that the store has as ready or pending: VMs no client can give back, so none the
     * manager could rightly destroy in the moments after this is read.
     */
    static Set<String> idleProviderVms(FaultCluster cluster) throws IOException {
        Map<String, Set<String>> inventory = StoreView.inventory(cluster.inventory());
        Set<String> idle = new HashSet<>();
        for (String pool : FaultCluster.POOLS) {
            StoreView.PoolQueues queues = StoreView.queues(cluster.redis(), pool);
            inventory.getOrDefault(pool, Set.of()).stream()
                    .filter(vm -> queues.get(VmState.READY).contains(vm) || queues.get(VmState.PENDING).contains(vm))
                    .forEach(idle::add);
        }
        return idle;
    }

    static Set<String> providerVms(FaultCluster cluster) throws IOException {
        Set<String> all = new HashSet<>();
        StoreView.inventory(cluster.inventory()).values().forEach(all::addAll);
        return all;
    }

    /** The pools that have ready and pending VMs for their whole size right now. */
    static Set<String> poolsAtSize(FaultCluster cluster) {
        Set<String> atSize = new HashSet<>();
        for (String pool : FaultCluster.POOLS) {
            if (StoreView.queues(cluster.redis(), pool).readyAndPending() >= FaultCluster.POOL_SIZE) {
                atSize.add(pool);
            }
        }
        return atSize;
    }
}
