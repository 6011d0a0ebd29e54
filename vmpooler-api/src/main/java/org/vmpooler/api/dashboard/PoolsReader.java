package org.vmpooler.api.dashboard;

import java.time.Clock;
import java.time.Instant;

import org.vmpooler.api.status.PoolSizes;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.domain.RubyTime;
import org.vmpooler.store.Store;

/** Reads every configured pool's state in a fixed number of store round trips, whatever the number of VMs. */
final class PoolsReader {
    private final VmpoolerConfig config;
    private final Store store;
    private final Clock clock;

    PoolsReader(VmpoolerConfig config, Store store, Clock clock) {
        this.config = config;
        this.store = store;
        this.clock = clock;
    }

    PoolsReading read() {
        Instant now = clock.instant();
        return new PoolsReading(now, store.statusSnapshot(config.poolNames(), RubyTime.day(now, clock.getZone())),
                PoolSizes.current(config, store));
    }
}
