package org.vmpooler.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs one fault against the loaded cluster: waits for a steady start (pools at size), injects the fault,
 * measures the recovery, checks the invariants and prints the figures, which {@link #summary()} also gathers
 * for the end of the suite.
 */
final class FaultRun {
    /** The figures of one fault, as printed and as docs/OPERATIONS.md quotes them. */
    record Outcome(String fault, Duration injected, Duration toCheckout, Duration toSize,
                   CheckoutLedger.Figures during) {
        String line() {
            return "| %s | %.1f s | %d | %d | %s | %s | %s |".formatted(fault, seconds(injected), during.requests(),
                    during.acknowledged(), during.errors().isEmpty() ? "none" : during.errors(), recovery(toCheckout),
                    recovery(toSize));
        }

        private static String recovery(Duration d) {
            return d == null ? "not within " + FaultInvariants.SETTLE.toSeconds() + " s" : "%.1f s".formatted(
                    seconds(d));
        }

        private static double seconds(Duration d) {
            return d.toMillis() / 1000.0;
        }
    }

    static final String HEADER = """
            | fault | injection | requests | checkouts | errors by request and code | first checkout after | pools at size after |
            |---|---|---|---|---|---|---|""";
    private static final List<Outcome> OUTCOMES = new ArrayList<>();

    private final FaultCluster cluster;
    private final CheckoutLedger ledger;
    private final CheckoutLoad load;

    FaultRun(FaultCluster cluster, CheckoutLedger ledger, CheckoutLoad load) {
        this.cluster = cluster;
        this.ledger = ledger;
        this.load = load;
    }

    /** Injects the fault and asserts every invariant; returns what was measured. */
    Outcome run(Fault fault) throws Exception {
        Recovery steady = Recovery.measure(cluster, ledger, load, Duration.ofSeconds(90));
        assertThat(steady.toSize()).as("pools at size before %s", fault.name()).isNotNull();
        Set<String> idleBefore = FaultInvariants.idleProviderVms(cluster);
        CheckoutLedger.Figures before = ledger.figures();
        long start = System.nanoTime();
        fault.inject(cluster, ledger);
        long recovering = System.nanoTime();
        Duration injected = Duration.ofNanos(recovering - start);
        Recovery recovery = Recovery.measure(cluster, ledger, load, FaultInvariants.SETTLE);
        Duration toCheckout = recovery.toCheckout();
        Duration toSize = recovery.toSize();
        Outcome outcome = new Outcome(fault.name(), injected, toCheckout, toSize, ledger.figures().since(before));
        report(outcome);

        FaultInvariants.noVmHandedOutTwice(outcome.during());
        FaultInvariants.noServerErrorButUnavailable(outcome.during());
        FaultInvariants.noVmInTwoStates(cluster);
        assertThat(toCheckout).as("checkouts served again within %s s", FaultInvariants.SETTLE.toSeconds())
                .isNotNull();
        assertThat(toSize).as("pools back at size within %s s", FaultInvariants.SETTLE.toSeconds()).isNotNull();
        FaultInvariants.providerAndStoreAgree(cluster);
        if (fault.storeKeepsItsData()) {
            FaultInvariants.noAcknowledgedCheckoutLost(outcome.during(), cluster, ledger);
        } else {
            // The store came back empty and the manager adopted this instance's VMs back (on_empty_store: adopt):
            // a give-back in the seconds before the adoption finds no VM and is answered 404; the VM it names is
            // then adopted as checked out and retired at its lifetime. Nothing is destroyed under a client: every
            // VM the provider had idle is still there, and every VM a client holds across the fault is running.
            // A VM idle at the snapshot that the load then checked out and gave back was rightly destroyed.
            Set<String> neverHandedOut = new HashSet<>(idleBefore);
            neverHandedOut.removeAll(ledger.everHandedOut());
            assertThat(FaultInvariants.providerVms(cluster)).as("idle provider VMs kept")
                    .containsAll(neverHandedOut);
            FaultInvariants.heldVmsAreRunning(cluster, ledger);
            System.out.printf("[faults] %s: %d give-backs answered 404 before the adoption%n", fault.name(),
                    outcome.during().lost().size());
        }
        return outcome;
    }

    private static synchronized void report(Outcome outcome) {
        OUTCOMES.add(outcome);
        System.out.println("[faults] " + outcome.line());
    }

    /** Every fault's figures so far, as a Markdown table. */
    static synchronized String summary() {
        StringBuilder table = new StringBuilder(HEADER);
        OUTCOMES.forEach(o -> table.append('\n').append(o.line()));
        return table.toString();
    }
}
