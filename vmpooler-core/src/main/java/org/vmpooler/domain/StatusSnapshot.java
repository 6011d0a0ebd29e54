package org.vmpooler.domain;

import java.util.List;
import java.util.Map;

/**
 * Everything {@code GET /api/v3/status} needs, read in a fixed number of store round trips whatever the number
 * of VMs: per-pool queue sizes, last boot times, clone-slot counters, on-demand backlog and today's clone and
 * boot durations (seconds).
 */
public record StatusSnapshot(Map<String, PoolCounts> counts, Map<String, String> lastBoot, long poolClonesInFlight,
                             long ondemandClonesInFlight, long ondemandRequested, List<Double> cloneSeconds,
                             List<Double> bootSeconds) {
    public StatusSnapshot {
        counts = Map.copyOf(counts);
        lastBoot = Map.copyOf(lastBoot);
        cloneSeconds = List.copyOf(cloneSeconds);
        bootSeconds = List.copyOf(bootSeconds);
    }
}
