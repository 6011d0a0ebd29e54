package org.vmpooler.manager;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vmpooler.config.LifecycleSettings;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.domain.CloneKind;
import org.vmpooler.domain.OndemandRequest;
import org.vmpooler.domain.RequestedLine;
import org.vmpooler.domain.VmRecord.Field;
import org.vmpooler.domain.VmState;
import org.vmpooler.manager.testkit.ManagerHarness;
import org.vmpooler.manager.testkit.TestConfig;
import org.vmpooler.provider.ProviderException;
import org.vmpooler.provider.VmLabels;
import org.vmpooler.store.Store;
import org.vmpooler.testing.MutableClock;

/** The on-demand request life (manager.md §2.6, §3.10-3.11) on simulated time; subclasses choose the store. */
public abstract class OndemandContract {

    protected abstract Store newStore(MutableClock clock);

    private ManagerHarness h;

    private ManagerHarness harness(VmpoolerConfig config) {
        h = new ManagerHarness(config, this::newStore);
        return h;
    }

    private ManagerHarness standard() {
        return harness(new TestConfig().pool("debian", 0, List.of("linux")).build());
    }

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    private void request(ManagerHarness h, String id, int count, String token) {
        h.store.createOndemandRequest(id, List.of(new RequestedLine("linux", "debian", count)), token,
                token == null ? null : "jdoe", h.clock.instant());
    }

    private String status(ManagerHarness h, String id) {
        return h.store.ondemandRequest(id).flatMap(OndemandRequest::statusText).orElse("");
    }

    @Test
    void requestIsClonedDeliveredStraightToRunningAndMarkedReady() {
        ManagerHarness h = standard();
        request(h, "req-1", 2, null);

        h.ondemand();
        assertThat(h.count("debian", VmState.PENDING)).isEqualTo(2);
        assertThat(h.store.cloneSlotsInUse(CloneKind.ONDEMAND)).isZero();

        h.cycle("debian");

        assertThat(h.count("debian", VmState.RUNNING)).isEqualTo(2);
        assertThat(h.count("debian", VmState.READY)).isZero();
        assertThat(h.store.deliveredVms("req-1", "linux", "debian")).hasSize(2);
        assertThat(status(h, "req-1")).isEqualTo("ready");
        String vm = h.store.vms("debian", VmState.RUNNING).iterator().next();
        assertThat(h.store.vm(vm).orElseThrow().fields()).containsKey(Field.CHECKOUT)
                .containsEntry(Field.REQUEST_ID, "req-1").containsEntry(Field.POOL_ALIAS, "linux");
    }

    @Test
    void tokenVmsGetTheGlobalLifetimeWhenNoAuthLifetimeIsConfigured() {
        ManagerHarness h = standard();
        request(h, "req-tok", 1, "abcdefghijklmnopqrstuvwxyz012345");
        h.ondemand();
        h.cycle("debian");

        String vm = h.only("debian", VmState.RUNNING);
        assertThat(h.store.vm(vm).orElseThrow().fields()).containsEntry(Field.LIFETIME, "24")
                .containsEntry(Field.TOKEN_USER, "jdoe");
        assertThat(h.provider.requests.get(vm).labels().values()).as("created with its request and owner")
                .containsEntry(VmLabels.REQUEST_ID, "req-tok").containsEntry(VmLabels.USER, "jdoe")
                .containsEntry(VmLabels.POOL, "debian").containsEntry(VmLabels.VM, vm);

        h.advance(Duration.ofHours(25));
        h.cycle("debian");
        assertThat(h.store.vms("debian", VmState.COMPLETED)).containsExactly(vm);
    }

    @Test
    void cloneConcurrencyIsLimitedByOndemandCloneLimit() {
        ManagerHarness h = harness(new TestConfig().ondemandCloneLimit(2).pool("debian", 0, List.of("linux")).build());
        request(h, "req-big", 5, null);

        h.ondemand();
        assertThat(h.provider.creates.get()).isEqualTo(2);
        assertThat(h.store.ondemandTasks()).singleElement().satisfies(t -> assertThat(t.count()).isEqualTo(3));

        h.ondemand();
        h.ondemand();
        assertThat(h.provider.creates.get()).isEqualTo(5);
        assertThat(h.store.ondemandTasks()).isEmpty();
    }

    @Test
    void requestNotFilledWithinItsTtlFailsAndItsDeliveredVmsAreRetired() {
        ManagerHarness h = standard();
        request(h, "req-stuck", 2, null);
        h.ondemand();
        String laggard = h.store.vms("debian", VmState.PENDING).iterator().next();
        h.provider.neverReady.add(laggard);
        h.cycle("debian");
        String delivered = h.only("debian", VmState.RUNNING);

        h.advance(Duration.ofMinutes(4));
        h.ondemand();
        assertThat(status(h, "req-stuck")).isEmpty();

        h.advance(Duration.ofMinutes(2));
        h.ondemand();

        assertThat(status(h, "req-stuck")).isEqualTo("failed");
        assertThat(h.store.ondemandRequest("req-stuck").flatMap(OndemandRequest::failureReason)).get().asString()
                .contains("expired");
        assertThat(h.store.vms("debian", VmState.COMPLETED)).containsExactly(delivered);
    }

    @Test
    void transientCloneFailuresAreRetriedThenTheRequestFailsWithAReason() {
        ManagerHarness h = harness(new TestConfig().maxVmRetries(2).pool("debian", 0, List.of("linux")).build());
        h.provider.createFailure = new ProviderException("network hiccup");
        request(h, "req-retry", 1, null);

        h.ondemand();
        h.ondemand();
        assertThat(status(h, "req-retry")).isEmpty();
        h.ondemand();
        h.ondemand();

        assertThat(h.provider.creates.get()).isEqualTo(3);
        assertThat(status(h, "req-retry")).isEqualTo("failed");
        assertThat(h.store.ondemandRequest("req-retry").flatMap(OndemandRequest::failureReason))
                .contains("Max retry attempts exceeded");
        assertThat(h.store.ondemandTasks()).isEmpty();
        assertThat(h.metrics.increments("vmpooler_errors.permanently_failed.debian")).isEqualTo(1);
    }

    @Test
    void permanentCloneErrorFailsTheRequestAtOnce() {
        ManagerHarness h = standard();
        h.provider.createFailure = new ProviderException("Template 'debian-12' not found");
        request(h, "req-perm", 1, null);

        h.ondemand();

        assertThat(status(h, "req-perm")).isEqualTo("failed");
        assertThat(h.store.ondemandRequest("req-perm").flatMap(OndemandRequest::failureReason)).get().asString()
                .startsWith("Configuration error: ");
        assertThat(h.provider.creates.get()).isEqualTo(1);
    }

    @Test
    void concurrentFailuresOfOneLineEachGetTheirRetry() {
        ManagerHarness h = standard();
        h.provider.createFailure = new ProviderException("busy");
        request(h, "req-two", 2, null);

        h.ondemand();

        assertThat(h.store.ondemandTasks()).singleElement().satisfies(t -> {
            assertThat(t.count()).isEqualTo(2);
            assertThat(t.score()).isEqualTo(1.0);
        });
    }

    @Test
    void tasksOfAFailedRequestAreDroppedNotCloned() {
        ManagerHarness h = harness(new TestConfig().ondemandCloneLimit(1).pool("debian", 0, List.of("linux")).build());
        request(h, "req-doomed", 3, null);
        h.ondemand();
        assertThat(h.provider.creates.get()).isEqualTo(1);
        h.store.deleteOndemandRequest("req-doomed");

        h.ondemand();

        assertThat(h.provider.creates.get()).isEqualTo(1);
        assertThat(h.store.ondemandTasks()).isEmpty();
    }

    @Test
    void lateVmOfAFulfilledRequestJoinsThePoolInsteadOfFailingTheRequest() {
        ManagerHarness h = standard();
        request(h, "req-done", 1, null);
        h.ondemand();
        // a retry raced the success: one VM too many for the line
        h.store.queueOndemandRetry("req-done", "linux", "debian");
        h.ondemand();
        assertThat(h.count("debian", VmState.PENDING)).isEqualTo(2);

        h.cycle("debian");

        assertThat(status(h, "req-done")).isEqualTo("ready");
        assertThat(h.count("debian", VmState.RUNNING)).isEqualTo(1);
        assertThat(h.store.deliveredVms("req-done", "linux", "debian")).hasSize(1);
        assertThat(h.count("debian", VmState.READY) + h.count("debian", VmState.COMPLETED)).isEqualTo(1);
    }

    @Test
    void vmOfADeletedRequestIsRetiredWhenItBecomesReady() {
        ManagerHarness h = standard();
        request(h, "req-del", 1, null);
        h.ondemand();
        h.store.deleteOndemandRequest("req-del");

        h.cycle("debian");

        assertThat(h.count("debian", VmState.COMPLETED)).isEqualTo(1);
        assertThat(h.count("debian", VmState.RUNNING)).isZero();
    }

    @Test
    void pendingTimeoutOfAnOndemandVmQueuesARetry() {
        ManagerHarness h = harness(new TestConfig().ondemandRequestTtl(Duration.ofHours(1))
                .lifecycle(LifecycleSettings.DEFAULT).pool("debian", 0, List.of("linux")).build());
        h.provider.bootTime = Duration.ofDays(1);
        request(h, "req-to", 1, null);
        h.ondemand();

        h.advance(Duration.ofMinutes(16));
        h.cycle("debian");

        assertThat(h.count("debian", VmState.COMPLETED)).isEqualTo(1);
        assertThat(h.store.ondemandRequest("req-to").orElseThrow().retryCount()).isEqualTo(1);
        assertThat(h.store.ondemandTasks()).singleElement().satisfies(t -> assertThat(t.score()).isEqualTo(1.0));
    }
}
