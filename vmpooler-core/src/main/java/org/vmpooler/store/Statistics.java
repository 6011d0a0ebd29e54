package org.vmpooler.store;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Map;

import org.vmpooler.domain.DailyStat;
import org.vmpooler.domain.StatusSnapshot;

/**
 * The figures kept for reporting: daily clone, boot and tag statistics, last boot times, and the {@code /status}
 * snapshot.
 * The atomicity and format guarantees of {@link Store} hold for every method.
 */
public interface Statistics {

    /** One day's statistic hash (field → value). */
    Map<String, String> dailyStats(DailyStat stat, LocalDate day);

    /**
     * Everything {@code /status} needs, in a fixed number of round trips. {@code lastBoot} holds the given pools
     * that have a last boot time. {@code ondemandRequested} counts the on-demand VMs no clone has started for:
     * the counts of every queued clone task plus the requested counts of the requests not yet split into tasks.
     */
    StatusSnapshot statusSnapshot(Collection<String> pools, LocalDate day);
}
