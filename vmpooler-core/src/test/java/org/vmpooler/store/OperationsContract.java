package org.vmpooler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.vmpooler.domain.NewVm;
import org.vmpooler.domain.RateCount;
import org.vmpooler.domain.RequestedLine;
import org.vmpooler.domain.VmState;
import org.vmpooler.domain.VmTask;
import org.vmpooler.domain.VmTaskKind;

/**
 * The contract of {@link Operations}: ping, VM tasks, dead letters, health, migrations, rate limits.
 * Run against every store.
 */
public abstract class OperationsContract extends StoreContract {

    @Test
    void answersPing() {
        assertThat(store.ping()).isTrue();
    }

    /** Every TTL the store sets, checked after one wait, so that a store on real time stays fast. */
    @Test
    void everythingGivenATimeToLiveExpires() {
        store.setVmFields("keep", Map.of("a", "1"));
        store.setVmFields("expiring", Map.of("a", "1"));
        reserve("centos", "clone-failed");
        runningVm("centos", "destroyed");
        store.requestDestroy("destroyed");
        runningVm("centos", "forgotten");
        List<RequestedLine> oneVm = List.of(new RequestedLine("el", "centos", 1));
        store.createOndemandRequest("failed", oneVm, null, null, T0);
        deliverTo("failed", "el", "centos", "od1");
        store.createOndemandRequest("done", oneVm, null, null, T0);
        deliverTo("done", "el", "centos", "od2");
        store.completeOndemandRequest("done");

        store.expireVm("expiring", SHORT_TTL);
        store.setVmFields("expiring", Map.of("b", "2"));
        store.recordCloneFailure("centos", "clone-failed", "no space left", "IOError", SHORT_TTL);
        store.markDestroying("centos", List.of("destroyed"), T0, SHORT_TTL);
        store.finishDestroy("centos", List.of("destroyed"));
        store.forgetVm("centos", "forgotten", VmState.RUNNING, SHORT_TTL);
        store.failOndemandRequest("failed", "expired", SHORT_TTL);
        store.failOndemandRequest("done", "late", SHORT_TTL);
        store.writeHealth(Map.of("status", "healthy"), SHORT_TTL);
        assertThat(store.allVmNames()).contains("expiring", "clone-failed", "destroyed", "forgotten");

        advance(PAST_SHORT_TTL);

        assertThat(store.allVmNames()).as("writing fields keeps a record's expiry")
                .containsExactlyInAnyOrder("keep", "od1", "od2");
        assertThat(store.vm("expiring")).isEmpty();
        assertThat(store.vmExists("expiring")).isFalse();
        assertThat(store.ondemandRequest("failed")).isEmpty();
        assertThat(store.deliveredVms("failed", "el", "centos")).isEmpty();
        assertThat(store.ondemandRequest("done")).as("a late failure does not shorten a fulfilled request's life")
                .isPresent();
        assertThat(store.deliveredVms("done", "el", "centos")).containsExactly("od2");
        assertThat(store.health()).isEmpty();
        assertThat(store.reservePendingVm(NewVm.forPool("expiring", "p", "example.com", T0)))
                .as("an expired record frees its name").isTrue();
    }

    @Test
    void queuesAndClaimsVmTasksPerKind() {
        store.queueVmTask(new VmTask(VmTaskKind.DISK, "vm1", "8"));
        store.queueVmTask(new VmTask(VmTaskKind.SNAPSHOT, "vm1", "before-upgrade"));
        store.queueVmTask(new VmTask(VmTaskKind.SNAPSHOT, "vm2", "clean"));

        assertThat(store.queuedVmTasks(VmTaskKind.DISK)).isEqualTo(1);
        assertThat(store.queuedVmTasks(VmTaskKind.SNAPSHOT)).isEqualTo(2);
        assertThat(store.queuedVmTasks(VmTaskKind.REVERT)).isZero();

        assertThat(store.claimVmTask(VmTaskKind.DISK)).contains(new VmTask(VmTaskKind.DISK, "vm1", "8"));
        assertThat(store.claimVmTask(VmTaskKind.DISK)).isEmpty();
        assertThat(store.claimVmTask(VmTaskKind.REVERT)).isEmpty();
        Set<VmTask> snapshots = new HashSet<>();
        snapshots.add(store.claimVmTask(VmTaskKind.SNAPSHOT).orElseThrow());
        snapshots.add(store.claimVmTask(VmTaskKind.SNAPSHOT).orElseThrow());
        assertThat(snapshots).containsExactlyInAnyOrder(new VmTask(VmTaskKind.SNAPSHOT, "vm1", "before-upgrade"),
                new VmTask(VmTaskKind.SNAPSHOT, "vm2", "clean"));
        assertThat(store.queuedVmTasks(VmTaskKind.SNAPSHOT)).isZero();
    }

    @Test
    void trimsDeadLettersToTheNewest() {
        for (int i = 1; i <= 5; i++) {
            store.addDeadLetter("pending", "vm" + i + ":" + i + ":{}", 1_000 + i, 3, LONG_TTL);
        }
        store.addDeadLetter("ready", "vm9:9:{}", 1_009, 3, LONG_TTL);

        assertThat(store.deadLetterCount("pending")).isEqualTo(3);
        assertThat(store.deadLetterCount("ready")).isEqualTo(1);
        assertThat(store.deadLetterCount("clone")).isZero();
    }

    @Test
    void deadLettersExpireAfterTheLastWrite() {
        Duration ttl = Duration.ofSeconds(3);
        Duration step = Duration.ofMillis(1_600);
        store.addDeadLetter("clone", "vm1:1:{}", 1, 10, ttl);
        advance(step);
        store.addDeadLetter("clone", "vm2:2:{}", 2, 10, ttl);
        advance(step);

        assertThat(store.deadLetterCount("clone")).as("the second write renewed the TTL").isEqualTo(2);
        advance(step);
        assertThat(store.deadLetterCount("clone")).isZero();
    }

    @Test
    void replacesTheHealthSummary() {
        store.writeHealth(Map.of("status", "degraded", "metrics", "{\"a\":1}", "stale", "x"), LONG_TTL);
        store.writeHealth(Map.of("status", "healthy", "metrics", "{}"), LONG_TTL);

        assertThat(store.health()).containsOnly(entry("status", "healthy"), entry("metrics", "{}"));
    }

    @Test
    void clearingMigrationsLeavesPoolQueuesAlone() {
        runningVm("centos", "vm1");
        store.add("centos", "vm1", VmState.MIGRATING);

        store.clearMigrations();

        assertThat(store.vms("centos", VmState.MIGRATING)).containsExactly("vm1");
        assertThat(store.vms("centos", VmState.RUNNING)).containsExactly("vm1");
    }

    @Test
    void countsRateLimitHitsInAFixedWindow() {
        Duration period = Duration.ofSeconds(3);
        Duration step = Duration.ofMillis(1_600);

        RateCount first = store.hitRateLimit("global_per_ip", "ip:10.0.0.1", period);
        assertThat(first.count()).isEqualTo(1);
        assertThat(first.remaining()).isPositive().isLessThanOrEqualTo(period);
        assertThat(store.hitRateLimit("global_per_ip", "ip:10.0.0.2", period).count()).isEqualTo(1);
        assertThat(store.hitRateLimit("vm_creation", "ip:10.0.0.1", period).count()).isEqualTo(1);

        advance(step);
        RateCount second = store.hitRateLimit("global_per_ip", "ip:10.0.0.1", period);
        assertThat(second.count()).isEqualTo(2);
        assertThat(second.remaining()).as("a later hit does not extend the window")
                .isLessThanOrEqualTo(period.minus(step));

        advance(step);
        RateCount fresh = store.hitRateLimit("global_per_ip", "ip:10.0.0.1", period);
        assertThat(fresh.count()).as("the window opened by the first hit has closed").isEqualTo(1);
    }
}
