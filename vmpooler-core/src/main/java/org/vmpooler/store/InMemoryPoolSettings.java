package org.vmpooler.store;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import java.util.Set;

import org.vmpooler.domain.CloneTrouble;
import org.vmpooler.domain.PoolFlag;
import org.vmpooler.domain.PoolOverride;
import org.vmpooler.domain.PoolRuntime;

/**
 * The in-memory {@link PoolSettings}.
 * Callers go through {@link InMemoryStore}.
 */
final class InMemoryPoolSettings implements PoolSettings {
    private final LockedKeyspace data;
    private final Keyspace keys;

    InMemoryPoolSettings(LockedKeyspace data) {
        this.data = data;
        this.keys = data.keys();
    }

    @Override
    public void publishPools(Map<String, Map<String, String>> pools) {
        Map<String, Map<String, String>> checked = new LinkedHashMap<>();
        pools.forEach((pool, fields) -> checked.put(pool, LockedKeyspace.checkedFields(fields, "pool " + pool)));
        data.run(() -> {
            for (String old : keys.smembers(Keys.POOLS)) {
                if (!checked.containsKey(old)) {
                    keys.srem(Keys.POOLS, old);
                    keys.del(Keys.pool(old));
                }
            }
            checked.forEach((pool, fields) -> {
                keys.sadd(Keys.POOLS, pool);
                keys.del(Keys.pool(pool));
                keys.hsetAll(Keys.pool(pool), fields);
            });
        });
    }

    @Override
    public Set<String> publishedPools() {
        return data.atomically(() -> keys.smembers(Keys.POOLS));
    }

    @Override
    public Map<String, String> publishedPool(String pool) {
        return data.atomically(() -> keys.hgetAll(Keys.pool(pool)));
    }

    @Override
    public Map<String, String> overrides(PoolOverride kind) {
        return data.atomically(() -> keys.hgetAll(Keys.override(kind)));
    }

    @Override
    public Optional<String> override(PoolOverride kind, String pool) {
        return data.atomically(() -> keys.hget(Keys.override(kind), pool));
    }

    @Override
    public void setOverride(PoolOverride kind, String pool, String value) {
        Objects.requireNonNull(value, () -> "override value for pool " + pool);
        data.run(() -> keys.hset(Keys.override(kind), pool, value));
    }

    @Override
    public boolean clearOverride(PoolOverride kind, String pool) {
        return data.atomically(() -> keys.hdel(Keys.override(kind), pool));
    }

    @Override
    public void raiseFlag(PoolFlag flag, String pool) {
        data.run(() -> keys.sadd(Keys.flag(flag), pool));
    }

    @Override
    public boolean takeFlag(PoolFlag flag, String pool) {
        return data.atomically(() -> keys.srem(Keys.flag(flag), pool));
    }

    @Override
    public PoolRuntime poolRuntime(String pool) {
        return data.atomically(() -> {
            Map<PoolOverride, String> overrides = new EnumMap<>(PoolOverride.class);
            for (PoolOverride kind : PoolOverride.values()) {
                keys.hget(Keys.override(kind), pool).ifPresent(value -> overrides.put(kind, value));
            }
            Set<PoolFlag> flags = EnumSet.noneOf(PoolFlag.class);
            for (PoolFlag flag : PoolFlag.values()) {
                if (keys.sismember(Keys.flag(flag), pool)) {
                    flags.add(flag);
                }
            }
            return new PoolRuntime(pool, overrides, flags, keys.hget(Keys.TEMPLATE_PREPARED, pool));
        });
    }

    @Override
    public Map<String, String> preparedTemplates() {
        return data.atomically(() -> keys.hgetAll(Keys.TEMPLATE_PREPARED));
    }

    @Override
    public void setPreparedTemplate(String pool, String template) {
        Objects.requireNonNull(template, () -> "prepared template for pool " + pool);
        data.run(() -> keys.hset(Keys.TEMPLATE_PREPARED, pool, template));
    }

    @Override
    public boolean hasTemplateDeltas(String template) {
        return data.atomically(() -> keys.sismember(Keys.TEMPLATE_DELTAS, template));
    }

    @Override
    public String instanceIdentity(String candidate) {
        return data.atomically(() -> {
            if (!keys.exists(Keys.INSTANCE_ID)) {
                keys.set(Keys.INSTANCE_ID, candidate, null);
            }
            return keys.get(Keys.INSTANCE_ID).orElseThrow();
        });
    }

    @Override
    public void addTemplateDeltas(String template) {
        data.run(() -> keys.sadd(Keys.TEMPLATE_DELTAS, template));
    }

    @Override
    public boolean markPoolEmpty(String pool, boolean empty) {
        return data.atomically(() -> {
            if (!empty) {
                return keys.del(Keys.empty(pool));
            }
            if (keys.exists(Keys.empty(pool))) {
                return false;
            }
            keys.set(Keys.empty(pool), "true", null);
            return true;
        });
    }

    @Override
    public void recordCloneTrouble(CloneTrouble trouble) {
        data.run(() -> keys.hset(Keys.CLONE_TROUBLE, trouble.pool(), trouble.toWire()));
    }

    @Override
    public boolean clearCloneTrouble(String pool) {
        return data.atomically(() -> keys.hdel(Keys.CLONE_TROUBLE, pool));
    }

    @Override
    public Map<String, CloneTrouble> cloneTroubles() {
        return CloneTrouble.allFromWire(data.atomically(() -> keys.hgetAll(Keys.CLONE_TROUBLE)));
    }
}
