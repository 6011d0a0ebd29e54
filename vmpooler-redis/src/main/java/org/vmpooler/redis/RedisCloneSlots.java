package org.vmpooler.redis;

import static org.vmpooler.redis.RedisValues.leniently;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.lettuce.core.ScriptOutputType;

import org.vmpooler.domain.CloneKind;
import org.vmpooler.store.CloneSlots;
import org.vmpooler.store.Keys;

/**
 * The Redis {@link CloneSlots}: the reference's two counters, taken and returned by scripts that never go below zero,
 * and beside each a hash of the slots every manager holds.
 */
final class RedisCloneSlots implements CloneSlots {
    private final RedisGateway gateway;

    RedisCloneSlots(RedisGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public int tryAcquireCloneSlots(CloneKind kind, int wanted, int limit, String holder) {
        if (wanted <= 0) {
            return 0;
        }
        Long taken = gateway.script("take clone slots", LuaScript.ACQUIRE_SLOT, ScriptOutputType.INTEGER,
                List.of(Keys.cloneSlots(kind), Keys.cloneSlotHolders(kind)),
                List.of(Integer.toString(limit), holder, Integer.toString(wanted)));
        return taken.intValue();
    }

    @Override
    public void releaseCloneSlots(CloneKind kind, int count, String holder) {
        if (count <= 0) {
            return;
        }
        gateway.script("return clone slots", LuaScript.RELEASE_SLOT, ScriptOutputType.INTEGER,
                List.of(Keys.cloneSlots(kind), Keys.cloneSlotHolders(kind)), List.of(holder, Integer.toString(count)));
    }

    @Override
    public long cloneSlotsInUse(CloneKind kind) {
        String value = gateway.call("read the clone slots", r -> r.get(Keys.cloneSlots(kind)));
        return Math.max(0, leniently(value));
    }

    @Override
    public long returnCloneSlotsOfAllBut(Collection<String> live) {
        List<String> keys = new ArrayList<>();
        for (CloneKind kind : CloneKind.values()) {
            keys.add(Keys.cloneSlots(kind));
            keys.add(Keys.cloneSlotHolders(kind));
        }
        Long returned = gateway.script("return the clone slots of departed managers", LuaScript.RETURN_SLOTS,
                ScriptOutputType.INTEGER, keys, List.copyOf(live));
        return returned == null ? 0 : returned;
    }

    @Override
    public void resetCloneSlots() {
        gateway.call("reset the clone slots", r -> {
            r.mset(Map.of(Keys.cloneSlots(CloneKind.POOL), "0", Keys.cloneSlots(CloneKind.ONDEMAND), "0"));
            return r.del(Keys.cloneSlotHolders(CloneKind.POOL), Keys.cloneSlotHolders(CloneKind.ONDEMAND));
        });
    }
}
