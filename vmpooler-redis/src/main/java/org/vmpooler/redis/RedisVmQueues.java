package org.vmpooler.redis;

import static org.vmpooler.redis.RedisValues.chunks;
import static org.vmpooler.redis.RedisValues.countsByPool;
import static org.vmpooler.redis.RedisValues.list;
import static org.vmpooler.redis.RedisValues.pairs;
import static org.vmpooler.redis.RedisValues.requireValues;
import static org.vmpooler.redis.RedisValues.strings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.lettuce.core.ScriptOutputType;

import org.vmpooler.domain.PoolCounts;
import org.vmpooler.domain.PoolQueues;
import org.vmpooler.domain.VmRecord;
import org.vmpooler.domain.VmState;
import org.vmpooler.store.Keys;
import org.vmpooler.store.VmQueues;

/**
 * The Redis {@link VmQueues}: the reference's queue sets and VM hashes; reads of several keys are one script.
 */
final class RedisVmQueues implements VmQueues {
    private final RedisGateway gateway;

    RedisVmQueues(RedisGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public Set<String> vms(String pool, VmState state) {
        return gateway.call("read the " + state.wireName() + " VMs of " + pool,
                r -> r.smembers(Keys.queue(state, pool)));
    }

    @Override
    public long count(String pool, VmState state) {
        return gateway.call("count the " + state.wireName() + " VMs of " + pool,
                r -> r.scard(Keys.queue(state, pool)));
    }

    @Override
    public Map<String, PoolCounts> counts(Collection<String> pools) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(pools));
        List<String> keys = new ArrayList<>();
        for (String pool : distinct) {
            for (VmState state : VmState.values()) {
                keys.add(Keys.queue(state, pool));
            }
        }
        List<Object> sizes = gateway.script("count the queues of " + distinct.size() + " pools", LuaScript.SET_SIZES,
                ScriptOutputType.MULTI, keys, List.of());
        return countsByPool(distinct, sizes);
    }

    @Override
    public PoolQueues queues(String pool) {
        List<String> keys = new ArrayList<>();
        for (VmState state : VmState.values()) {
            keys.add(Keys.queue(state, pool));
        }
        keys.add(Keys.active(pool));
        List<Object> read = gateway.script("read the queues of " + pool, LuaScript.POOL_QUEUES,
                ScriptOutputType.MULTI, keys,
                List.of());
        Map<VmState, Set<String>> members = new EnumMap<>(VmState.class);
        VmState[] states = VmState.values();
        for (int i = 0; i < states.length; i++) {
            members.put(states[i], new LinkedHashSet<>(strings(read.get(i))));
        }
        return new PoolQueues(pool, members, pairs(read.get(states.length)));
    }

    @Override
    public boolean add(String pool, String vm, VmState state) {
        return gateway.call("add " + vm + " to " + state.wireName() + " of " + pool,
                r -> r.sadd(Keys.queue(state, pool), vm) > 0);
    }

    @Override
    public boolean remove(String pool, String vm, VmState state) {
        return gateway.call("remove " + vm + " from " + state.wireName() + " of " + pool,
                r -> r.srem(Keys.queue(state, pool), vm) > 0);
    }

    @Override
    public boolean move(String pool, String vm, VmState from, VmState to) {
        return gateway.call("move " + vm + " of " + pool + " from " + from.wireName() + " to " + to.wireName(),
                r -> r.smove(Keys.queue(from, pool), Keys.queue(to, pool), vm));
    }

    @Override
    public List<String> moveAll(String pool, VmState from, VmState to) {
        List<Object> moved = gateway.script("move all " + from.wireName() + " VMs of " + pool + " to " + to.wireName(),
                LuaScript.MOVE_ALL, ScriptOutputType.MULTI,
                List.of(Keys.queue(from, pool), Keys.queue(to, pool)), List.of());
        return strings(moved);
    }

    @Override
    public List<String> moveSome(String pool, VmState from, VmState to, long max) {
        if (max <= 0) {
            return List.of();
        }
        String what = "move " + max + " " + from.wireName() + " VMs of " + pool + " to " + to.wireName();
        List<Object> moved = gateway.script(what, LuaScript.MOVE_SOME, ScriptOutputType.MULTI,
                List.of(Keys.queue(from, pool), Keys.queue(to, pool)), List.of(Long.toString(max)));
        return strings(moved);
    }

    @Override
    public Optional<VmRecord> vm(String name) {
        Map<String, String> fields = gateway.call("read VM " + name, r -> r.hgetall(Keys.vm(name)));
        return fields.isEmpty() ? Optional.empty() : Optional.of(new VmRecord(name, fields));
    }

    @Override
    public Map<String, VmRecord> records(List<String> names) {
        Map<String, VmRecord> found = new LinkedHashMap<>();
        for (List<String> chunk : chunks(names)) {
            List<Object> hashes = list(gateway.script("read " + chunk.size() + " VM record(s)", LuaScript.HASHES,
                    ScriptOutputType.MULTI, chunk.stream().map(Keys::vm).toList(), List.of()));
            for (int i = 0; i < chunk.size(); i++) {
                Map<String, String> fields = pairs(hashes.get(i));
                if (!fields.isEmpty()) {
                    found.put(chunk.get(i), new VmRecord(chunk.get(i), fields));
                }
            }
        }
        return found;
    }

    @Override
    public boolean vmExists(String name) {
        return gateway.call("look up VM " + name, r -> r.exists(Keys.vm(name)) > 0);
    }

    @Override
    public void setVmFields(String vm, Map<String, String> fields) {
        requireValues(fields, "field of VM " + vm);
        if (!fields.isEmpty()) {
            gateway.call("update VM " + vm, r -> r.hset(Keys.vm(vm), fields));
        }
    }

    @Override
    public void removeVmFields(String vm, Collection<String> fields) {
        if (!fields.isEmpty()) {
            gateway.call("remove fields of VM " + vm, r -> r.hdel(Keys.vm(vm), fields.toArray(String[]::new)));
        }
    }

    @Override
    public void expireVm(String vm, Duration ttl) {
        gateway.call("set the expiry of VM " + vm, r -> r.pexpire(Keys.vm(vm), ttl.toMillis()));
    }

    @Override
    public List<String> allVmNames() {
        return gateway.keysStartingWith(Keys.VM_PREFIX, "list the VM records").stream()
                .map(key -> key.substring(Keys.VM_PREFIX.length())).toList();
    }
}
