package org.vmpooler.api.dashboard;

import java.time.Clock;
import java.time.Instant;

import org.vmpooler.api.status.PoolSizes;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.domain.RubyTime;
import org.vmpooler.store.PoolLeases;
import org.vmpooler.store.PoolSettings;
import org.vmpooler.store.Statistics;

/** Reads every configured pool's state in a fixed number of store round trips, whatever the number of VMs. */
final class PoolsReader {
    private final VmpoolerConfig config;
    private final Statistics statistics;
    private final PoolSettings settings;
    private final PoolLeases leases;
    private final Clock clock;

    PoolsReader(VmpoolerConfig config, Statistics statistics, PoolSettings settings, PoolLeases leases, Clock clock) {
        this.config = config;
        this.statistics = statistics;
        this.settings = settings;
        this.leases = leases;
        this.clock = clock;
    }

    PoolsReading read() {
        Instant now = clock.instant();
        return new PoolsReading(now, statistics.statusSnapshot(config.poolNames(), RubyTime.day(now, clock.getZone())),
                PoolSizes.current(config, settings), leases.leaseHolders(config.poolNames()));
    }
}
