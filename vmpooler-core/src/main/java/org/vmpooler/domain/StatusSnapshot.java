package org.vmpooler.domain;

import java.util.Map;

/**
 * Everything {@code GET /api/v3/status} needs, read in a fixed number of store round trips whatever the number
 * of VMs: per-pool queue sizes, last boot times, clone-slot counters, on-demand backlog and today's clone and
 * boot durations (seconds), summed up.
 */
public record StatusSnapshot(Map<String, PoolCounts> counts, Map<String, String> lastBoot, long poolClonesInFlight,
                             long ondemandClonesInFlight, long ondemandRequested, DurationSummary cloneTimes,
                             DurationSummary bootTimes) {
    public StatusSnapshot {
        counts = Map.copyOf(counts);
        lastBoot = Map.copyOf(lastBoot);
    }
}
