package org.vmpooler.server.faults;

/**
 * One injected fault. {@link #inject} breaks something in the running cluster and returns once the broken part
 * has been started or resumed again: recovery is measured from then. A new fault is one small class; the
 * invariants checked after it are the suite's ({@link FaultInvariants}), narrowed only where
 * {@link #storeKeepsItsData()} says the store itself lost what it knew.
 */
interface Fault {
    /** How the figures and the test name the fault. */
    String name();

    void inject(FaultCluster cluster, CheckoutLedger ledger) throws Exception;

    /** False when the fault empties the store: what was acknowledged before it can then not be checked. */
    default boolean storeKeepsItsData() {
        return true;
    }
}
