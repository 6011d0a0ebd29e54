package org.vmpooler.redis;

import static org.vmpooler.redis.RedisValues.requireValues;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;

import org.vmpooler.domain.CloneTrouble;
import org.vmpooler.domain.PoolFlag;
import org.vmpooler.domain.PoolOverride;
import org.vmpooler.domain.PoolRuntime;
import org.vmpooler.store.Keys;
import org.vmpooler.store.PoolSettings;

/**
 * The Redis {@link PoolSettings}.
 */
final class RedisPoolSettings implements PoolSettings {
    private final RedisGateway gateway;

    RedisPoolSettings(RedisGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public void publishPools(Map<String, Map<String, String>> pools) {
        pools.forEach((pool, fields) -> requireValues(fields, "field of pool " + pool));
        List<String> args = new ArrayList<>(List.of(Keys.pool(""), Integer.toString(pools.size())));
        pools.forEach((pool, fields) -> {
            args.add(pool);
            args.add(Integer.toString(fields.size()));
            fields.forEach((k, v) -> {
                args.add(k);
                args.add(v);
            });
        });
        gateway.script("publish the pools", LuaScript.PUBLISH_POOLS, ScriptOutputType.INTEGER,
                List.of(Keys.POOLS), args);
    }

    @Override
    public Set<String> publishedPools() {
        return gateway.call("read the published pools", r -> r.smembers(Keys.POOLS));
    }

    @Override
    public Map<String, String> publishedPool(String pool) {
        return gateway.call("read published pool " + pool, r -> r.hgetall(Keys.pool(pool)));
    }

    @Override
    public Map<String, String> overrides(PoolOverride kind) {
        return gateway.call("read the pool overrides", r -> r.hgetall(Keys.override(kind)));
    }

    @Override
    public Optional<String> override(PoolOverride kind, String pool) {
        return Optional.ofNullable(gateway.call("read the override of " + pool,
                r -> r.hget(Keys.override(kind), pool)));
    }

    @Override
    public void setOverride(PoolOverride kind, String pool, String value) {
        gateway.call("override " + pool, r -> r.hset(Keys.override(kind), pool, value));
    }

    @Override
    public boolean clearOverride(PoolOverride kind, String pool) {
        return gateway.call("clear the override of " + pool, r -> r.hdel(Keys.override(kind), pool) > 0);
    }

    @Override
    public void raiseFlag(PoolFlag flag, String pool) {
        gateway.call("flag " + pool, r -> r.sadd(Keys.flag(flag), pool));
    }

    @Override
    public boolean takeFlag(PoolFlag flag, String pool) {
        return gateway.call("clear a flag of " + pool, r -> r.srem(Keys.flag(flag), pool) > 0);
    }

    @Override
    public PoolRuntime poolRuntime(String pool) {
        PoolOverride[] kinds = PoolOverride.values();
        PoolFlag[] flags = PoolFlag.values();
        List<String> keys = new ArrayList<>();
        for (PoolOverride kind : kinds) {
            keys.add(Keys.override(kind));
        }
        keys.add(Keys.TEMPLATE_PREPARED);
        for (PoolFlag flag : flags) {
            keys.add(Keys.flag(flag));
        }
        List<Object> read = gateway.script("read the runtime changes of " + pool, LuaScript.POOL_RUNTIME,
                ScriptOutputType.MULTI, keys, List.of(pool, Integer.toString(kinds.length + 1)));
        Map<PoolOverride, String> overrides = new EnumMap<>(PoolOverride.class);
        for (int i = 0; i < kinds.length; i++) {
            if (read.get(i) instanceof String value) {
                overrides.put(kinds[i], value);
            }
        }
        Set<PoolFlag> raised = EnumSet.noneOf(PoolFlag.class);
        for (int i = 0; i < flags.length; i++) {
            if (Long.valueOf(1).equals(read.get(kinds.length + 1 + i))) {
                raised.add(flags[i]);
            }
        }
        return new PoolRuntime(pool, overrides, raised,
                Optional.ofNullable(read.get(kinds.length) instanceof String prepared ? prepared : null));
    }

    @Override
    public Map<String, String> preparedTemplates() {
        return gateway.call("read the prepared templates", r -> r.hgetall(Keys.TEMPLATE_PREPARED));
    }

    @Override
    public void setPreparedTemplate(String pool, String template) {
        gateway.call("record the prepared template of " + pool, r -> r.hset(Keys.TEMPLATE_PREPARED, pool,
                template));
    }

    @Override
    public boolean hasTemplateDeltas(String template) {
        return gateway.call("read the template deltas", r -> r.sismember(Keys.TEMPLATE_DELTAS, template));
    }

    @Override
    public String instanceIdentity(String candidate) {
        // Whoever sets it first wins; everyone then reads the winner.
        return gateway.call("read the instance identity", r -> {
            r.set(Keys.INSTANCE_ID, candidate, SetArgs.Builder.nx());
            return r.get(Keys.INSTANCE_ID);
        });
    }

    @Override
    public void addTemplateDeltas(String template) {
        gateway.call("record the template deltas", r -> r.sadd(Keys.TEMPLATE_DELTAS, template));
    }

    @Override
    public boolean markPoolEmpty(String pool, boolean empty) {
        String key = Keys.empty(pool);
        if (empty) {
            return gateway.call("mark " + pool + " empty", r -> "OK".equals(r.set(key, "true", SetArgs.Builder.nx())));
        }
        return gateway.call("mark " + pool + " not empty", r -> r.del(key) > 0);
    }

    @Override
    public void recordCloneTrouble(CloneTrouble trouble) {
        gateway.call("record the clone trouble of " + trouble.pool(),
                r -> r.hset(Keys.CLONE_TROUBLE, trouble.pool(), trouble.toWire()));
    }

    @Override
    public boolean clearCloneTrouble(String pool) {
        return gateway.call("clear the clone trouble of " + pool, r -> r.hdel(Keys.CLONE_TROUBLE, pool) > 0);
    }

    @Override
    public Map<String, CloneTrouble> cloneTroubles() {
        return CloneTrouble.allFromWire(gateway.call("read the clone troubles", r -> r.hgetall(Keys.CLONE_TROUBLE)));
    }
}
