package org.vmpooler.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.vmpooler.domain.PoolCounts;
import org.vmpooler.domain.PoolQueues;
import org.vmpooler.domain.VmRecord;
import org.vmpooler.domain.VmState;

/**
 * The in-memory {@link VmQueues}: queue sets and VM hashes under the reference's keys.
 * Callers go through {@link InMemoryStore}.
 */
final class InMemoryVmQueues implements VmQueues {
    private final LockedKeyspace data;
    private final Keyspace keys;

    InMemoryVmQueues(LockedKeyspace data) {
        this.data = data;
        this.keys = data.keys();
    }

    @Override
    public Set<String> vms(String pool, VmState state) {
        return data.atomically(() -> keys.smembers(Keys.queue(state, pool)));
    }

    @Override
    public long count(String pool, VmState state) {
        return data.atomically(() -> keys.scard(Keys.queue(state, pool)));
    }

    @Override
    public Map<String, PoolCounts> counts(Collection<String> pools) {
        return data.atomically(() -> countsOf(keys, pools));
    }

    static Map<String, PoolCounts> countsOf(Keyspace keys, Collection<String> pools) {
        Map<String, PoolCounts> result = new LinkedHashMap<>();
        for (String pool : pools) {
            result.put(pool, new PoolCounts(
                    keys.scard(Keys.queue(VmState.PENDING, pool)),
                    keys.scard(Keys.queue(VmState.READY, pool)),
                    keys.scard(Keys.queue(VmState.RUNNING, pool)),
                    keys.scard(Keys.queue(VmState.COMPLETED, pool)),
                    keys.scard(Keys.queue(VmState.DISCOVERED, pool)),
                    keys.scard(Keys.queue(VmState.MIGRATING, pool))));
        }
        return result;
    }

    @Override
    public PoolQueues queues(String pool) {
        return data.atomically(() -> {
            Map<VmState, Set<String>> members = new EnumMap<>(VmState.class);
            for (VmState state : VmState.values()) {
                members.put(state, keys.smembers(Keys.queue(state, pool)));
            }
            return new PoolQueues(pool, members, keys.hgetAll(Keys.active(pool)));
        });
    }

    @Override
    public boolean add(String pool, String vm, VmState state) {
        return data.atomically(() -> keys.sadd(Keys.queue(state, pool), vm));
    }

    @Override
    public boolean remove(String pool, String vm, VmState state) {
        return data.atomically(() -> keys.srem(Keys.queue(state, pool), vm));
    }

    @Override
    public boolean move(String pool, String vm, VmState from, VmState to) {
        return data.atomically(() -> keys.smove(Keys.queue(from, pool), Keys.queue(to, pool), vm));
    }

    @Override
    public List<String> moveAll(String pool, VmState from, VmState to) {
        return moveSome(pool, from, to, Long.MAX_VALUE);
    }

    @Override
    public List<String> moveSome(String pool, VmState from, VmState to, long max) {
        return data.atomically(() -> {
            List<String> moved = new ArrayList<>();
            for (String vm : keys.smembers(Keys.queue(from, pool))) {
                if (moved.size() >= max) {
                    break;
                }
                keys.smove(Keys.queue(from, pool), Keys.queue(to, pool), vm);
                moved.add(vm);
            }
            return moved;
        });
    }

    @Override
    public Optional<VmRecord> vm(String name) {
        return data.atomically(() -> {
            Map<String, String> fields = keys.hgetAll(Keys.vm(name));
            return fields.isEmpty() ? Optional.empty() : Optional.of(new VmRecord(name, fields));
        });
    }

    @Override
    public Map<String, VmRecord> records(List<String> names) {
        return data.atomically(() -> {
            Map<String, VmRecord> found = new java.util.LinkedHashMap<>();
            for (String name : names) {
                Map<String, String> fields = keys.hgetAll(Keys.vm(name));
                if (!fields.isEmpty()) {
                    found.put(name, new VmRecord(name, fields));
                }
            }
            return found;
        });
    }

    @Override
    public boolean vmExists(String name) {
        return data.atomically(() -> keys.exists(Keys.vm(name)));
    }

    @Override
    public void setVmFields(String vm, Map<String, String> fields) {
        Map<String, String> checked = LockedKeyspace.checkedFields(fields, "VM " + vm);
        data.run(() -> keys.hsetAll(Keys.vm(vm), checked));
    }

    @Override
    public void removeVmFields(String vm, Collection<String> fields) {
        data.run(() -> fields.forEach(field -> keys.hdel(Keys.vm(vm), field)));
    }

    @Override
    public void expireVm(String vm, Duration ttl) {
        data.run(() -> keys.expire(Keys.vm(vm), ttl));
    }

    @Override
    public List<String> allVmNames() {
        return data.atomically(() -> keys.keysWithPrefix(Keys.VM_PREFIX).stream()
                .map(key -> key.substring(Keys.VM_PREFIX.length())).sorted().toList());
    }
}
