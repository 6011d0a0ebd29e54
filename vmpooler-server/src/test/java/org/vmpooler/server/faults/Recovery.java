package org.vmpooler.server.faults;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * How long the cluster took, from now, to serve a checkout again and to bring every pool back to its size. Once
 * a checkout succeeded, new checkouts are held while the pools refill, so that the time measures the manager
 * and not the load; each pool counts once it has been seen at size.
 */
record Recovery(Duration toCheckout, Duration toSize) {

    /** Watches for at most {@code bound} in all; a time not reached within it is null. */
    static Recovery measure(FaultCluster cluster, CheckoutLedger ledger, CheckoutLoad load, Duration bound)
            throws InterruptedException {
        long from = System.nanoTime();
        long deadline = from + bound.toNanos();
        long acknowledged = ledger.figures().acknowledged();
        Duration toCheckout = null;
        while (toCheckout == null && System.nanoTime() < deadline) {
            if (ledger.figures().acknowledged() > acknowledged) {
                toCheckout = Duration.ofNanos(System.nanoTime() - from);
            }
            Thread.sleep(100);
        }
        load.holdCheckouts();
        try {
            Set<String> seenAtSize = new HashSet<>();
            while (System.nanoTime() < deadline) {
                try {
                    seenAtSize.addAll(FaultInvariants.poolsAtSize(cluster));
                } catch (RuntimeException e) {
                    // Redis not answering yet: not at size yet
                }
                if (seenAtSize.containsAll(FaultCluster.POOLS)) {
                    return new Recovery(toCheckout, Duration.ofNanos(System.nanoTime() - from));
                }
                Thread.sleep(100);
            }
            return new Recovery(toCheckout, null);
        } finally {
            load.resumeCheckouts();
        }
    }
}
