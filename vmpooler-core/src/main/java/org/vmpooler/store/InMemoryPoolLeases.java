package org.vmpooler.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.vmpooler.domain.FencedWrite;
import org.vmpooler.domain.NewVm;
import org.vmpooler.domain.PoolLease;
import org.vmpooler.domain.VmState;

/**
 * The in-memory {@link PoolLeases}, under the same keys as in Redis: a fenced write checks the lease and runs the
 * plain write of its aggregate under the one lock, so nothing can come between. Callers go through
 * {@link InMemoryStore}.
 */
final class InMemoryPoolLeases implements PoolLeases {
    private final LockedKeyspace data;
    private final Keyspace keys;
    private final VmQueues queues;
    private final VmLifecycle lifecycle;

    InMemoryPoolLeases(LockedKeyspace data, VmQueues queues, VmLifecycle lifecycle) {
        this.data = data;
        this.keys = data.keys();
        this.queues = queues;
        this.lifecycle = lifecycle;
    }

    @Override
    public void announceManager(String manager, Duration ttl) {
        data.run(() -> {
            keys.set(Keys.manager(manager), "alive", ttl);
            keys.sadd(Keys.MANAGERS, manager);
        });
    }

    @Override
    public void retireManager(String manager) {
        data.run(() -> {
            keys.del(Keys.manager(manager));
            keys.srem(Keys.MANAGERS, manager);
        });
    }

    @Override
    public List<String> liveManagers() {
        return data.atomically(() -> {
            for (String manager : keys.smembers(Keys.MANAGERS)) {
                if (!keys.exists(Keys.manager(manager))) {
                    keys.srem(Keys.MANAGERS, manager);
                }
            }
            return keys.smembers(Keys.MANAGERS).stream().sorted().toList();
        });
    }

    @Override
    public Optional<PoolLease> acquireLease(String pool, String manager, Duration ttl) {
        return data.atomically(() -> {
            if (keys.exists(Keys.lease(pool))) {
                return Optional.empty();
            }
            PoolLease lease = new PoolLease(pool, manager, keys.incrBy(Keys.leaseToken(pool), 1));
            keys.set(Keys.lease(pool), lease.holder(), ttl);
            return Optional.of(lease);
        });
    }

    @Override
    public Set<PoolLease> renewLeases(Collection<PoolLease> leases, Duration ttl) {
        return data.atomically(() -> {
            Set<PoolLease> lost = new LinkedHashSet<>();
            for (PoolLease lease : leases) {
                if (!(inForce(lease) && keys.expire(Keys.lease(lease.pool()), ttl))) {
                    lost.add(lease);
                }
            }
            return lost;
        });
    }

    @Override
    public void releaseLease(PoolLease lease) {
        data.run(() -> {
            if (inForce(lease)) {
                keys.del(Keys.lease(lease.pool()));
            }
        });
    }

    @Override
    public Map<String, String> leaseHolders(Collection<String> pools) {
        return data.atomically(() -> {
            Map<String, String> holders = new LinkedHashMap<>();
            for (String pool : pools) {
                keys.get(Keys.lease(pool)).ifPresent(h -> holders.put(pool, PoolLease.managerOf(h)));
            }
            return holders;
        });
    }

    @Override
    public FencedWrite reservePendingVm(PoolLease lease, NewVm vm) {
        return fenced(lease, () -> lifecycle.reservePendingVm(vm));
    }

    @Override
    public FencedWrite move(PoolLease lease, String vm, VmState from, VmState to) {
        return fenced(lease, () -> queues.move(lease.pool(), vm, from, to));
    }

    @Override
    public FencedWrite markDestroying(PoolLease lease, List<String> vms, Instant now, Duration ttl) {
        if (vms.isEmpty()) {
            return FencedWrite.UNCHANGED;
        }
        return fenced(lease, () -> {
            lifecycle.markDestroying(lease.pool(), vms, now, ttl);
            return true;
        });
    }

    private boolean inForce(PoolLease lease) {
        return keys.get(Keys.lease(lease.pool())).filter(lease.holder()::equals).isPresent();
    }

    private FencedWrite fenced(PoolLease lease, BooleanSupplier write) {
        return data.atomically(() -> {
            if (!inForce(lease)) {
                return FencedWrite.FENCED_OFF;
            }
            return write.getAsBoolean() ? FencedWrite.APPLIED : FencedWrite.UNCHANGED;
        });
    }
}
