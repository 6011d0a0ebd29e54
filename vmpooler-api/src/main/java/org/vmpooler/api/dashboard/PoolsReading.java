package org.vmpooler.api.dashboard;

import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;

import org.vmpooler.domain.PoolCounts;
import org.vmpooler.domain.StatusSnapshot;

/**
 * One read of the pools at {@code at}: the store's status snapshot, each pool's target size in force and, where
 * managers share the pools through leases, the manager that owns each.
 */
record PoolsReading(Instant at, StatusSnapshot snapshot, Map<String, Integer> sizes, Map<String, String> owners) {
    PoolsReading {
        sizes = Map.copyOf(sizes);
        owners = Map.copyOf(owners);
    }

    PoolsReading(Instant at, StatusSnapshot snapshot, Map<String, Integer> sizes) {
        this(at, snapshot, sizes, Map.of());
    }

    PoolCounts counts(String pool) {
        return snapshot.counts().getOrDefault(pool, PoolCounts.EMPTY);
    }

    int size(String pool) {
        return sizes.getOrDefault(pool, 0);
    }

    /** Today's average clone time in seconds; empty before the first clone of the day. */
    OptionalDouble cloneAverage() {
        return snapshot.cloneTimes().average();
    }

    /** Today's average boot time in seconds; empty before the first boot of the day. */
    OptionalDouble bootAverage() {
        return snapshot.bootTimes().average();
    }
}
