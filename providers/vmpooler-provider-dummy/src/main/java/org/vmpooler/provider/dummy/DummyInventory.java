package org.vmpooler.provider.dummy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.vmpooler.provider.ProviderException;

/**
 * The dummy's VMs by pool, safe for concurrent callers. Changes are made under one lock; readers use the
 * concurrent maps without it. With a backing file a change is applied to a copy, saved, and only then made
 * current, so what callers see is always what is on disk; without one it is applied in place, so a change costs
 * the same however large the pool (a benchmark drives thousands of clones and destroys a second through it).
 */
final class DummyInventory {
    private final Optional<DummyInventoryFile> file;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, Map<String, DummyVm>> pools = new ConcurrentHashMap<>();
    private final Supplier<Map<String, Map<String, DummyVm>>> reload;
    /** The backing file's stamp when this process last read or wrote it. */
    private volatile Optional<Object> seen = Optional.empty();

    DummyInventory(Map<String, Map<String, DummyVm>> initial, Optional<DummyInventoryFile> file) {
        this(initial, file, Map::of);
    }

    /**
     * {@code reload} reads the backing file again; it is used when another process sharing the file changed it,
     * so that several managers on one dummy "platform" see one inventory, as they would see one vCenter.
     */
    DummyInventory(Map<String, Map<String, DummyVm>> initial, Optional<DummyInventoryFile> file,
                   Supplier<Map<String, Map<String, DummyVm>>> reload) {
        initial.forEach((pool, vms) -> {
            if (!vms.isEmpty()) {
                pools.put(pool, live(vms));
            }
        });
        this.file = file;
        this.reload = reload;
        file.ifPresent(f -> seen = f.stamp());
    }

    /** Takes in what another process saved to the shared file since this one last read or wrote it. */
    private void refresh() {
        if (file.isEmpty()) {
            return;
        }
        Optional<Object> now = file.get().stamp();
        if (now.equals(seen)) {
            return;
        }
        lock.lock();
        try {
            now = file.get().stamp();
            if (now.equals(seen)) {
                return;
            }
            Map<String, Map<String, DummyVm>> loaded = reload.get();
            // Pool by pool, so that a concurrent reader sees each pool either before or after, never empty.
            loaded.forEach((pool, vms) -> place(pools, pool, live(vms)));
            pools.keySet().removeIf(pool -> !loaded.containsKey(pool));
            seen = now;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    List<String> names(String pool) {
        refresh();
        return List.copyOf(pools.getOrDefault(pool, Map.of()).keySet());
    }

    Set<String> pools() {
        refresh();
        return Set.copyOf(pools.keySet());
    }

    Optional<DummyVm> find(String pool, String name) {
        refresh();
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

    /** Applies the mutation (which returns whether it changed anything) to one pool, saved first if file-backed. */
    private boolean changePool(String pool, Predicate<Map<String, DummyVm>> mutation) {
        lock.lock();
        try {
            boolean applied = file.isPresent()
                    ? file.get().exclusively(() -> changeShared(pool, mutation, file.get()))
                    : changeInPlace(pool, mutation);
            if (applied) {
                changed.signalAll();
            }
            return applied;
        } finally {
            lock.unlock();
        }
    }

    private boolean changeInPlace(String pool, Predicate<Map<String, DummyVm>> mutation) {
        Map<String, DummyVm> vms = pools.computeIfAbsent(pool, p -> live(Map.of()));
        boolean applied = mutation.test(vms);
        if (vms.isEmpty()) {
            pools.remove(pool);
        }
        return applied;
    }

    private boolean changeShared(String pool, Predicate<Map<String, DummyVm>> mutation, DummyInventoryFile target) {
        refresh();
        boolean applied = changeSaved(pool, mutation, target);
        seen = target.stamp();
        return applied;
    }

    private boolean changeSaved(String pool, Predicate<Map<String, DummyVm>> mutation, DummyInventoryFile target) {
        Map<String, DummyVm> vms = new LinkedHashMap<>(pools.getOrDefault(pool, Map.of()));
        if (!mutation.test(vms)) {
            return false;
        }
        Map<String, Map<String, DummyVm>> next = new LinkedHashMap<>(pools);
        place(next, pool, vms);
        target.save(next);
        place(pools, pool, live(vms));
        return true;
    }

    /** A pool without VMs is no entry at all. */
    private static void place(Map<String, Map<String, DummyVm>> inventory, String pool, Map<String, DummyVm> vms) {
        if (vms.isEmpty()) {
            inventory.remove(pool);
        } else {
            inventory.put(pool, vms);
        }
    }

    /** A pool's VMs in a map readers may use while it changes, kept in creation order. */
    private static Map<String, DummyVm> live(Map<String, DummyVm> vms) {
        return Collections.synchronizedMap(new LinkedHashMap<>(vms));
    }
}
