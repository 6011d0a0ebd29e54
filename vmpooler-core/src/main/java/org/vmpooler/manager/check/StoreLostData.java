package org.vmpooler.manager.check;

/**
 * A pass found the store ignorant of most of the VMs the provider lists for a pool, and {@code on_empty_store: stop}
 * says the process must stop rather than repair or wait. Thrown past the pass's usual "log and go on" handling up
 * to the manager, which hands it to whoever started it.
 */
public final class StoreLostData extends RuntimeException {

    public StoreLostData(String pool, int listed, int unknown) {
        super("pool '" + pool + "': the provider lists " + listed + " VMs of which " + unknown + " are unknown to the "
                + "store, which lost its data (flushed, restarted without persistence, or the wrong Redis or database); "
                + "stopping as on_empty_store: stop says, with every VM left as it is. Restore the store, or start "
                + "with on_empty_store: adopt to take this instance's VMs back");
    }
}
