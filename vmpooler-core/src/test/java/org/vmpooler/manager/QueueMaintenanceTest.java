package org.vmpooler.manager;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.vmpooler.config.HealthCheckSettings;
import org.vmpooler.config.PurgeSettings;
import org.vmpooler.domain.NewVm;
import org.vmpooler.domain.VmRecord.Field;
import org.vmpooler.domain.VmState;
import org.vmpooler.manager.testkit.ManagerHarness;
import org.vmpooler.manager.testkit.TestConfig;
import org.vmpooler.store.InMemoryStore;

/** The optional queue purge and queue health check. */
class QueueMaintenanceTest {

    private static final PurgeSettings PURGE = new PurgeSettings(true, false, Duration.ofHours(1),
            Duration.ofHours(2), Duration.ofDays(1), Duration.ofHours(1), Duration.ofDays(1));

    private static ManagerHarness harness(TestConfig config) {
        return new ManagerHarness(config.pool("centos", 0).build(), InMemoryStore::new);
    }

    @Test
    void purgeRemovesOnlyEntriesOlderThanTheirMaximumAge() {
        try (ManagerHarness h = harness(new TestConfig().purge(PURGE))) {
            h.store.reservePendingVm(NewVm.forPool("old-pending", "centos", "example.com", h.clock.instant()));
            h.advance(Duration.ofHours(3));
            h.store.reservePendingVm(NewVm.forPool("new-pending", "centos", "example.com", h.clock.instant()));
            h.store.add("centos", "old-completed", VmState.COMPLETED);
            h.store.setVmFields("old-completed", Map.of(Field.POOL, "centos", Field.CHECKOUT, h.clock.instant().toString()));
            h.advance(Duration.ofHours(2));

            assertThat(h.manager.runQueuePurge()).isEqualTo(2);

            assertThat(h.store.vms("centos", VmState.PENDING)).containsExactly("new-pending");
            assertThat(h.store.vms("centos", VmState.COMPLETED)).isEmpty();
            assertThat(h.metrics.increments("vmpooler_purge.pending.centos.count")).isEqualTo(1);
        }
    }

    @Test
    void dryRunPurgeChangesNothing() {
        PurgeSettings dry = new PurgeSettings(true, true, PURGE.interval(), PURGE.maxPendingAge(), PURGE.maxReadyAge(),
                PURGE.maxCompletedAge(), PURGE.maxOrphanedAge());
        try (ManagerHarness h = harness(new TestConfig().purge(dry))) {
            h.store.reservePendingVm(NewVm.forPool("old-pending", "centos", "example.com", h.clock.instant()));
            h.advance(Duration.ofHours(3));

            assertThat(h.manager.runQueuePurge()).isEqualTo(1);

            assertThat(h.store.vms("centos", VmState.PENDING)).containsExactly("old-pending");
        }
    }

    @Test
    void healthCheckRatesStuckPendingVms() {
        HealthCheckSettings strict = new HealthCheckSettings(true, Duration.ofMinutes(5), 100, 500, 100, 1000,
                Duration.ofHours(1), 0, 1);
        try (ManagerHarness h = harness(new TestConfig().healthCheck(strict))) {
            assertThat(h.manager.runHealthCheck()).isEqualTo("healthy");
            h.store.reservePendingVm(NewVm.forPool("stuck", "centos", "example.com", h.clock.instant()));
            h.advance(Duration.ofHours(2));

            assertThat(h.manager.runHealthCheck()).isEqualTo("degraded");
            assertThat(h.store.health()).containsEntry("status", "degraded").containsKey("last_check");
            assertThat(h.store.health().get("metrics")).contains("\"stuck_count\":1");
        }
    }
}
