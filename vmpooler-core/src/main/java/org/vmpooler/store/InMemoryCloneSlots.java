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
    public int tryAcquireCloneSlots(CloneKind kind, int wanted, int limit, String holder) {
        return data.atomically(() -> {
            long used = keys.counter(Keys.cloneSlots(kind));
            int taken = (int) Math.max(0, Math.min(wanted, limit - Math.max(0, used)));
            if (taken > 0) {
                keys.incrBy(Keys.cloneSlots(kind), taken - Math.min(0, used));
                keys.hincrBy(Keys.cloneSlotHolders(kind), holder, taken);
            }
            return taken;
        });
    }

    @Override
    public void releaseCloneSlots(CloneKind kind, int count, String holder) {
        data.run(() -> {
            long used = keys.counter(Keys.cloneSlots(kind));
            if (used > 0) {
                keys.incrBy(Keys.cloneSlots(kind), -Math.min(used, count));
            }
            long held = keys.hget(Keys.cloneSlotHolders(kind), holder).map(Long::parseLong).orElse(0L);
            if (held > count) {
                keys.hincrBy(Keys.cloneSlotHolders(kind), holder, -count);
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
