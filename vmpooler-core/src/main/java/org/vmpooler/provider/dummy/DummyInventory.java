package org.vmpooler.provider.dummy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import org.vmpooler.provider.ProviderException;

/**
 * The dummy's VMs by pool, safe for concurrent callers. Each change builds the next inventory, saves it to the
 * backing file when there is one, and only then makes it current: what callers see is always what is on disk.
 * Published maps are never modified again, so readers use them without the lock.
 */
final class DummyInventory {
    private final Optional<DummyInventoryFile> file;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile Map<String, Map<String, DummyVm>> pools;

    DummyInventory(Map<String, Map<String, DummyVm>> initial, Optional<DummyInventoryFile> file) {
        this.pools = copy(initial);
        this.file = file;
    }

    List<String> names(String pool) {
        return List.copyOf(pools.getOrDefault(pool, Map.of()).keySet());
    }

    Set<String> pools() {
        return Set.copyOf(pools.keySet());
    }

    Optional<DummyVm> find(String pool, String name) {
        return Optional.ofNullable(pools.getOrDefault(pool, Map.of()).get(name));
    }

    /** Adds a new VM; VM names are unique across pools, as they are in vmpooler. */
    void add(DummyVm vm) {
        lock.lock();
        try {
            pools.forEach((pool, vms) -> {
                if (vms.containsKey(vm.name())) {
                    throw new ProviderException("a VM named " + vm.name() + " already exists in pool " + pool);
                }
            });
            changePool(vm.pool(), vms -> vms.put(vm.name(), vm) == null);
        } finally {
            lock.unlock();
        }
    }

    /** Applies the update to the VM if it exists; returns the updated VM. */
    Optional<DummyVm> update(String pool, String name, UnaryOperator<DummyVm> update) {
        DummyVm[] updated = new DummyVm[1];
        changePool(pool, vms -> {
            DummyVm vm = vms.get(name);
            if (vm == null) {
                return false;
            }
            updated[0] = update.apply(vm);
            vms.put(name, updated[0]);
            return true;
        });
        return Optional.ofNullable(updated[0]);
    }

    /** Removes the VM; false when it was not there. */
    boolean remove(String pool, String name) {
        return changePool(pool, vms -> vms.remove(name) != null);
    }

    /** Removes a whole pool with its VMs; returns the names removed. */
    List<String> removePool(String pool) {
        List<String> removed = new ArrayList<>();
        changePool(pool, vms -> {
            removed.addAll(vms.keySet());
            vms.clear();
            return !removed.isEmpty();
        });
        return removed;
    }

    /**
     * Waits up to {@code timeout} until the VM satisfies the condition or disappears; returns it as it is then
     * (empty when gone).
     */
    Optional<DummyVm> await(String pool, String name, Predicate<DummyVm> condition, Duration timeout) {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                Optional<DummyVm> vm = Optional.ofNullable(pools.getOrDefault(pool, Map.of()).get(name));
                if (vm.isEmpty() || condition.test(vm.get()) || remaining <= 0) {
                    return vm;
                }
                remaining = changed.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while waiting for VM " + name + " in pool " + pool);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Changes a private copy of one pool's VMs (the mutation returns whether it changed anything); a change is
     * saved, then published. Only the changed pool is copied, so a change costs the size of its pool.
     */
    private boolean changePool(String pool, Predicate<Map<String, DummyVm>> mutation) {
        lock.lock();
        try {
            Map<String, DummyVm> vms = new LinkedHashMap<>(pools.getOrDefault(pool, Map.of()));
            if (!mutation.test(vms)) {
                return false;
            }
            Map<String, Map<String, DummyVm>> next = new LinkedHashMap<>(pools);
            if (vms.isEmpty()) {
                next.remove(pool);
            } else {
                next.put(pool, vms);
            }
            file.ifPresent(f -> f.save(next));
            pools = next;
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    private static Map<String, Map<String, DummyVm>> copy(Map<String, Map<String, DummyVm>> source) {
        Map<String, Map<String, DummyVm>> copy = new LinkedHashMap<>();
        source.forEach((pool, vms) -> copy.put(pool, new LinkedHashMap<>(vms)));
        return copy;
    }
}
