package org.vmpooler.redis;

import static org.vmpooler.redis.RedisValues.millis;
import static org.vmpooler.redis.RedisValues.strings;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;

import org.vmpooler.domain.FencedWrite;
import org.vmpooler.domain.NewVm;
import org.vmpooler.domain.PoolLease;
import org.vmpooler.domain.VmState;
import org.vmpooler.store.Keys;
import org.vmpooler.store.PoolLeases;

/**
 * The Redis {@link PoolLeases}: a lease is a key with PX expiry holding "manager#token", the token coming from an
 * INCR counter per pool that is never reset; a fenced write is the plain write's script behind {@code fence.lua},
 * which compares the lease key with the caller's holder in the same script, so no takeover can come in between.
 */
final class RedisPoolLeases implements PoolLeases {
    /** What {@code fence.lua} answers when the lease is no longer the caller's. */
    private static final long FENCED_OFF = -1;

    private final RedisGateway gateway;
    private final RedisVmLifecycle lifecycle;

    RedisPoolLeases(RedisGateway gateway, RedisVmLifecycle lifecycle) {
        this.gateway = gateway;
        this.lifecycle = lifecycle;
    }

    @Override
    public void announceManager(String manager, Duration ttl) {
        gateway.call("announce manager " + manager, r -> {
            r.set(Keys.manager(manager), "alive", SetArgs.Builder.px(ttl.toMillis()));
            return r.sadd(Keys.MANAGERS, manager);
        });
    }

    @Override
    public void retireManager(String manager) {
        gateway.call("withdraw manager " + manager, r -> {
            r.del(Keys.manager(manager));
            return r.srem(Keys.MANAGERS, manager);
        });
    }

    @Override
    public List<String> liveManagers() {
        List<Object> live = gateway.script("list the live managers", LuaScript.LIVE_MANAGERS, ScriptOutputType.MULTI,
                List.of(Keys.MANAGERS), List.of(Keys.manager("")));
        return strings(live).stream().sorted().toList();
    }

    @Override
    public Optional<PoolLease> acquireLease(String pool, String manager, Duration ttl) {
        Long token = gateway.script("take the lease of " + pool, LuaScript.ACQUIRE_LEASE, ScriptOutputType.INTEGER,
                List.of(Keys.lease(pool), Keys.leaseToken(pool)), List.of(manager, millis(ttl)));
        return token == 0L ? Optional.empty() : Optional.of(new PoolLease(pool, manager, token));
    }

    @Override
    public Set<PoolLease> renewLeases(Collection<PoolLease> leases, Duration ttl) {
        return endOrRenew("renew the leases of " + leases.size() + " pool(s)", List.copyOf(leases), millis(ttl));
    }

    @Override
    public void releaseLease(PoolLease lease) {
        endOrRenew("release the lease of " + lease.pool(), List.of(lease), "");
    }

    /** The leases that were no longer in force. */
    private Set<PoolLease> endOrRenew(String what, List<PoolLease> leases, String ttlMillis) {
        if (leases.isEmpty()) {
            return Set.of();
        }
        List<String> args = new ArrayList<>(List.of(ttlMillis));
        leases.forEach(lease -> args.add(lease.holder()));
        List<Object> held = gateway.script(what, LuaScript.RENEW_LEASE, ScriptOutputType.MULTI,
                leases.stream().map(lease -> Keys.lease(lease.pool())).toList(), args);
        Set<PoolLease> lost = new LinkedHashSet<>();
        for (int i = 0; i < leases.size(); i++) {
            if (!Long.valueOf(1L).equals(held.get(i))) {
                lost.add(leases.get(i));
            }
        }
        return lost;
    }

    @Override
    public Map<String, String> leaseHolders(Collection<String> pools) {
        List<String> ordered = List.copyOf(pools);
        if (ordered.isEmpty()) {
            return Map.of();
        }
        List<String> holders = gateway.call("read the pool leases", r -> {
            List<String> values = new ArrayList<>();
            r.mget(ordered.stream().map(Keys::lease).toArray(String[]::new))
                    .forEach(kv -> values.add(kv.getValueOrElse(null)));
            return values;
        });
        Map<String, String> byPool = new LinkedHashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            if (holders.get(i) != null) {
                byPool.put(ordered.get(i), PoolLease.managerOf(holders.get(i)));
            }
        }
        return byPool;
    }

    @Override
    public FencedWrite reservePendingVm(PoolLease lease, NewVm vm) {
        return fenced(lease, LuaScript.FENCED_RESERVE_VM, lifecycle.reservation(vm));
    }

    @Override
    public FencedWrite move(PoolLease lease, String vm, VmState from, VmState to) {
        return fenced(lease, LuaScript.FENCED_MOVE, new ScriptCall(
                "move " + vm + " of " + lease.pool() + " from " + from.wireName() + " to " + to.wireName(),
                List.of(Keys.queue(from, lease.pool()), Keys.queue(to, lease.pool())), List.of(vm)));
    }

    @Override
    public FencedWrite markDestroying(PoolLease lease, List<String> vms, Instant now, Duration ttl) {
        FencedWrite outcome = FencedWrite.UNCHANGED;
        for (ScriptCall call : lifecycle.destroyMarks(lease.pool(), vms, now, ttl)) {
            outcome = fenced(lease, LuaScript.FENCED_MARK_DESTROYING, call);
            if (outcome == FencedWrite.FENCED_OFF) {
                // The runs before were made under the lease: their VMs stay completed for the pool's new owner.
                return outcome;
            }
        }
        return outcome;
    }

    private FencedWrite fenced(PoolLease lease, LuaScript script, ScriptCall call) {
        List<String> keys = new ArrayList<>(List.of(Keys.lease(lease.pool())));
        keys.addAll(call.keys());
        List<String> args = new ArrayList<>(List.of(lease.holder()));
        args.addAll(call.args());
        Long outcome = gateway.script(call.what() + " under lease " + lease.holder(), script,
                ScriptOutputType.INTEGER, keys, args);
        if (outcome == FENCED_OFF) {
            return FencedWrite.FENCED_OFF;
        }
        return outcome > 0 ? FencedWrite.APPLIED : FencedWrite.UNCHANGED;
    }
}
