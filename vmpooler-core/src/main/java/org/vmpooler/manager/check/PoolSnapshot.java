package org.vmpooler.manager.check;

import java.util.Set;

import org.vmpooler.domain.PoolQueues;

/** One cycle's view of a pool: what the provider has and what the store holds, read one after the other. */
public record PoolSnapshot(String pool, Set<String> inventory, PoolQueues queues) {

    public PoolSnapshot {
        inventory = Set.copyOf(inventory);
    }

    public boolean exists(String vm) {
        return inventory.contains(vm);
    }
}
