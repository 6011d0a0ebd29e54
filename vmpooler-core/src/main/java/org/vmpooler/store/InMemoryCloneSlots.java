package org.vmpooler.store;

import java.util.Collection;
import java.util.Map;

import org.vmpooler.domain.CloneKind;

/**
 * The in-memory {@link CloneSlots}: the reference's two counters, never below zero, and beside each the slots
 * every holder took. Callers go through {@link InMemoryStore}.
 */
final class InMemoryCloneSlots implements CloneSlots {
    private final LockedKeyspace data;
    private final Keyspace keys;

    InMemoryCloneSlots(LockedKeyspace data) {
        this.data = data;
        this.keys = data.keys();
    }

    @Override
    public boolean tryAcquireCloneSlot(CloneKind kind, int limit, String holder) {
        return data.atomically(() -> {
            if (keys.counter(Keys.cloneSlots(kind)) >= limit) {
                return false;
            }
            keys.incrBy(Keys.cloneSlots(kind), 1);
            keys.hincrBy(Keys.cloneSlotHolders(kind), holder, 1);
            return true;
        });
    }

    @Override
    public void releaseCloneSlot(CloneKind kind, String holder) {
        data.run(() -> {
            if (keys.counter(Keys.cloneSlots(kind)) > 0) {
                keys.incrBy(Keys.cloneSlots(kind), -1);
            }
            long held = keys.hget(Keys.cloneSlotHolders(kind), holder).map(Long::parseLong).orElse(0L);
            if (held > 1) {
                keys.hincrBy(Keys.cloneSlotHolders(kind), holder, -1);
            } else {
                keys.hdel(Keys.cloneSlotHolders(kind), holder);
            }
        });
    }

    @Override
    public long cloneSlotsInUse(CloneKind kind) {
        return data.atomically(() -> Math.max(0, keys.counter(Keys.cloneSlots(kind))));
    }

    @Override
    public long returnCloneSlotsOfAllBut(Collection<String> live) {
        return data.atomically(() -> {
            long returned = 0;
            for (CloneKind kind : CloneKind.values()) {
                for (Map.Entry<String, String> holder : keys.hgetAll(Keys.cloneSlotHolders(kind)).entrySet()) {
                    if (live.contains(holder.getKey())) {
                        continue;
                    }
                    long held = Long.parseLong(holder.getValue());
                    long used = keys.counter(Keys.cloneSlots(kind));
                    keys.set(Keys.cloneSlots(kind), Long.toString(Math.max(0, used - held)), null);
                    keys.hdel(Keys.cloneSlotHolders(kind), holder.getKey());
                    returned += held;
                }
            }
            return returned;
        });
    }

    @Override
    public void resetCloneSlots() {
        data.run(() -> {
            for (CloneKind kind : CloneKind.values()) {
                keys.set(Keys.cloneSlots(kind), "0", null);
                keys.del(Keys.cloneSlotHolders(kind));
            }
        });
    }
}
