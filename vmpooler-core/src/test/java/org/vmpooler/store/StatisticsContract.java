package org.vmpooler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.vmpooler.domain.CloneKind;
import org.vmpooler.domain.ClonedVm;
import org.vmpooler.domain.DurationSummary;
import org.vmpooler.domain.PoolCounts;
import org.vmpooler.domain.RequestedLine;
import org.vmpooler.domain.ScoredRequest;
import org.vmpooler.domain.StatusSnapshot;

/**
 * The contract of {@link Statistics}: statistics and the status snapshot.
 * Run against every store.
 */
public abstract class StatisticsContract extends StoreContract {

    @Test
    void snapshotsEverythingStatusNeeds() {
        reserve("a", "a-pending");
        readyVm("a", "a-ready");
        store.recordCloneSuccess(List.of(new ClonedVm("a", "a-ready", Duration.ofMillis(20_000), "10.0.0.1")), DAY);
        readyVm("b", "b-ready");
        store.recordCloneSuccess(List.of(new ClonedVm("b", "b-ready", Duration.ofMillis(30_500), "10.0.0.2")), DAY);
        runningVm("b", "b-running");
        store.tryAcquireCloneSlots(CloneKind.POOL, 1, 10, "manager-1");
        store.tryAcquireCloneSlots(CloneKind.ONDEMAND, 2, 10, "manager-1");
        store.createOndemandRequest("new", List.of(new RequestedLine("el", "a", 2), new RequestedLine("deb", "b", 1)),
                null, null, T0);
        store.createOndemandRequest("split", List.of(new RequestedLine("el", "a", 4)), null, null, T0);
        store.beginOndemandProcessing(new ScoredRequest("split", T0.getEpochSecond()),
                List.of(new RequestedLine("el", "a", 4)), T0);

        StatusSnapshot snapshot = store.statusSnapshot(List.of("a", "b", "c"), DAY);

        assertThat(snapshot.counts()).containsOnlyKeys("a", "b", "c");
        assertThat(snapshot.counts().get("a")).isEqualTo(new PoolCounts(1, 1, 0, 0, 0, 0));
        assertThat(snapshot.counts().get("b")).isEqualTo(new PoolCounts(0, 1, 1, 0, 0, 0));
        assertThat(snapshot.counts().get("c")).isEqualTo(PoolCounts.EMPTY);
        assertThat(snapshot.lastBoot()).containsOnly(entry("a", T0_TEXT), entry("b", T0_TEXT));
        assertThat(snapshot.poolClonesInFlight()).isEqualTo(1);
        assertThat(snapshot.ondemandClonesInFlight()).isEqualTo(2);
        assertThat(snapshot.ondemandRequested()).as("3 VMs of the new request + 4 queued as tasks").isEqualTo(7);
        assertThat(snapshot.cloneTimes()).isEqualTo(new DurationSummary(2, 50.5, 20.0, 30.5));
        assertThat(snapshot.bootTimes()).isEqualTo(new DurationSummary(3, 30.0, 10.0, 10.0));
        assertThat(store.statusSnapshot(List.of("a"), DAY.minusDays(1)).bootTimes()).isEqualTo(DurationSummary.EMPTY);
    }
}
