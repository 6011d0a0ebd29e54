package org.vmpooler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.vmpooler.domain.OndemandDeleteOutcome;
import org.vmpooler.domain.OndemandRequest;
import org.vmpooler.domain.RequestStatus;
import org.vmpooler.domain.OndemandTask;
import org.vmpooler.domain.RequestedLine;
import org.vmpooler.domain.ScoredRequest;
import org.vmpooler.domain.VmRecord.Field;
import org.vmpooler.domain.VmState;

/**
 * The contract of {@link OndemandRequests}: on-demand requests.
 * Run against every store.
 */
public abstract class OndemandRequestsContract extends StoreContract {

    @Test
    void failingARequestGivesBackItsMigratingVmsToo() {
        ondemandRequestInProgress();
        reserveOndemand("vm1");
        assertThat(store.deliverOndemandVm(delivery("vm1", T0, null, null, null))).isTrue();
        store.add("centos", "vm1", VmState.MIGRATING);

        store.failOndemandRequest("req-1", "boom", LONG_TTL);

        assertThat(store.vms("centos", VmState.COMPLETED)).containsExactly("vm1");
        assertThat(store.vms("centos", VmState.MIGRATING)).as("no migration of a VM being destroyed").isEmpty();
    }

    @Test
    void aRequestFailedTwiceKeepsTheFirstReason() {
        ondemandRequestInProgress();

        store.failOndemandRequest("req-1", "template not found", LONG_TTL);
        store.failOndemandRequest("req-1", "Request expired after 5 minutes", LONG_TTL);

        OndemandRequest request = store.ondemandRequest("req-1").orElseThrow();
        assertThat(request.status()).contains(RequestStatus.FAILED);
        assertThat(request.fields()).containsEntry(OndemandRequest.FAILURE_REASON, "template not found");
    }

    @Test
    void createsAnOndemandRequestOnce() {
        assertThat(store.createOndemandRequest("req-1", TWO_LINES, "tok", "alice", T0)).isTrue();
        assertThat(store.createOndemandRequest("req-1", List.of(new RequestedLine("x", "y", 9)), null, null,
                T0.plusSeconds(9))).isFalse();

        OndemandRequest request = store.ondemandRequest("req-1").orElseThrow();
        assertThat(request.fields()).containsOnly(entry(OndemandRequest.REQUESTED, "el:centos:2,deb:debian:1"),
                entry(Field.TOKEN, "tok"), entry(Field.TOKEN_USER, "alice"));
        assertThat(request.requested()).isEqualTo(TWO_LINES);
        assertThat(request.status()).isEmpty();
        assertThat(store.newOndemandRequests()).containsExactly(new ScoredRequest("req-1", T0.getEpochSecond()));
        assertThat(store.ondemandRequest("req-2")).isEmpty();
    }

    @Test
    void listsNewRequestsOldestFirstAndDiscardsThem() {
        store.createOndemandRequest("late", TWO_LINES, null, null, T0.plusSeconds(60));
        store.createOndemandRequest("early", TWO_LINES, null, null, T0);

        assertThat(store.newOndemandRequests()).extracting(ScoredRequest::id).containsExactly("early", "late");
        assertThat(store.ondemandRequest("early").orElseThrow().fields()).doesNotContainKey(Field.TOKEN);

        store.discardNewOndemandRequest("early");
        assertThat(store.newOndemandRequests()).extracting(ScoredRequest::id).containsExactly("late");
    }

    @Test
    void splitsARequestIntoTasksAndKeepsItsScore() {
        store.createOndemandRequest("req-1", TWO_LINES, null, null, T0);
        Instant now = T0.plusSeconds(7);

        beginProcessing("req-1", now);

        assertThat(store.newOndemandRequests()).isEmpty();
        assertThat(store.processingOndemandRequests())
                .containsExactly(new ScoredRequest("req-1", T0.getEpochSecond()));
        assertThat(store.ondemandTasks()).containsExactlyInAnyOrder(
                new OndemandTask("el", "centos", 2, "req-1", now.getEpochSecond()),
                new OndemandTask("deb", "debian", 1, "req-1", now.getEpochSecond()));
    }

    @Test
    void splitsARequestOnlyOnce() {
        store.createOndemandRequest("req-1", TWO_LINES, null, null, T0);
        ScoredRequest request = beginProcessing("req-1", T0);

        store.beginOndemandProcessing(request, TWO_LINES, T0.plusSeconds(1));

        assertThat(store.ondemandTasks()).hasSize(2);
        assertThat(store.ondemandTasks()).extracting(OndemandTask::count).containsExactlyInAnyOrder(2, 1);
        assertThat(store.processingOndemandRequests()).hasSize(1);
    }

    @Test
    void takesTasksWholeOrLeavesTheRemainder() {
        store.createOndemandRequest("req-1", List.of(new RequestedLine("el", "centos", 5)), null, null, T0);
        beginProcessing("req-1", T0);
        OndemandTask task = store.ondemandTasks().get(0);

        assertThat(store.takeOndemandTask(task, 3)).isTrue();
        assertThat(store.takeOndemandTask(task, 3)).as("the old task is gone").isFalse();
        assertThat(store.ondemandTasks())
                .containsExactly(new OndemandTask("el", "centos", 2, "req-1", T0.getEpochSecond()));

        OndemandTask remainder = store.ondemandTasks().get(0);
        assertThat(store.takeOndemandTask(remainder, 2)).isTrue();
        assertThat(store.ondemandTasks()).isEmpty();
    }

    @Test
    void retriesAccumulateAndComeFirst() {
        store.createOndemandRequest("req-1", TWO_LINES, null, null, T0);
        beginProcessing("req-1", T0);
        OndemandTask debian = store.ondemandTasks().stream()
                .filter(t -> t.pool().equals("debian")).findFirst().orElseThrow();
        store.takeOndemandTask(debian, 1);

        store.queueOndemandRetry("req-1", "deb", "debian");
        store.queueOndemandRetry("req-1", "deb", "debian");

        List<OndemandTask> tasks = store.ondemandTasks();
        assertThat(tasks.get(0)).isEqualTo(new OndemandTask("deb", "debian", 2, "req-1", OndemandTask.RETRY_SCORE));
        assertThat(tasks).hasSize(2);
        assertThat(tasks.get(1).pool()).isEqualTo("centos");
    }

    @Test
    void aRetryNeverSwallowsAnotherTaskOfTheLine() {
        store.createOndemandRequest("req-1", List.of(new RequestedLine("el", "centos", 1)), null, null, T0);
        beginProcessing("req-1", T0);

        store.queueOndemandRetry("req-1", "el", "centos");

        assertThat(store.ondemandTasks()).extracting(OndemandTask::count).as("1 queued + 1 retry")
                .containsExactly(2);
        assertThat(store.ondemandTasks()).extracting(OndemandTask::requestId).containsOnly("req-1");
    }

    @Test
    void neverRetriesForARequestThatIsGoneOrFinished() {
        store.createOndemandRequest("done", TWO_LINES, null, null, T0);
        store.completeOndemandRequest("done");
        store.createOndemandRequest("deleted", TWO_LINES, null, null, T0);
        store.deleteOndemandRequest("deleted");
        store.createOndemandRequest("failed", TWO_LINES, null, null, T0);
        store.failOndemandRequest("failed", null, LONG_TTL);

        for (String id : List.of("done", "deleted", "failed", "never-created")) {
            store.queueOndemandRetry(id, "el", "centos");
        }

        assertThat(store.ondemandTasks()).isEmpty();
    }

    @Test
    void takingMoreThanATaskHoldsRemovesIt() {
        store.createOndemandRequest("req-1", List.of(new RequestedLine("el", "centos", 2)), null, null, T0);
        beginProcessing("req-1", T0);

        assertThat(store.takeOndemandTask(store.ondemandTasks().get(0), 5)).isTrue();

        assertThat(store.ondemandTasks()).isEmpty();
    }

    @Test
    void countsRetriesOfExistingRequestsOnly() {
        store.createOndemandRequest("req-1", TWO_LINES, null, null, T0);

        assertThat(store.incrementOndemandRetries("req-1")).isEqualTo(1);
        assertThat(store.incrementOndemandRetries("req-1")).isEqualTo(2);
        assertThat(store.ondemandRequest("req-1").orElseThrow().retryCount()).isEqualTo(2);

        assertThat(store.incrementOndemandRetries("gone")).isZero();
        assertThat(store.ondemandRequest("gone")).isEmpty();
    }

    @Test
    void completesARequest() {
        store.createOndemandRequest("req-1", TWO_LINES, null, null, T0);
        beginProcessing("req-1", T0);
        store.queueOndemandRetry("req-1", "el", "centos");

        store.completeOndemandRequest("req-1");

        assertThat(store.ondemandRequest("req-1").orElseThrow().status()).contains(RequestStatus.READY);
        assertThat(store.processingOndemandRequests()).isEmpty();
        assertThat(store.ondemandTasks()).as("a fulfilled request needs no more clones").isEmpty();
    }

    @Test
    void failsARequestAndRetiresItsVms() {
        store.createOndemandRequest("req-1", TWO_LINES, null, null, T0);
        beginProcessing("req-1", T0);
        deliverTo("req-1", "el", "centos", "vm1");
        deliverTo("req-1", "deb", "debian", "vm2");
        store.createOndemandRequest("other", TWO_LINES, null, null, T0);
        beginProcessing("other", T0);

        store.failOndemandRequest("req-1", "Max retry attempts exceeded", LONG_TTL);

        OndemandRequest failed = store.ondemandRequest("req-1").orElseThrow();
        assertThat(failed.status()).contains(RequestStatus.FAILED);
        assertThat(failed.failureReason()).contains("Max retry attempts exceeded");
        assertThat(store.processingOndemandRequests()).extracting(ScoredRequest::id).containsExactly("other");
        assertThat(store.ondemandTasks()).extracting(OndemandTask::requestId).containsOnly("other").hasSize(2);
        assertThat(store.vms("centos", VmState.RUNNING)).isEmpty();
        assertThat(store.vms("centos", VmState.COMPLETED)).containsExactly("vm1");
        assertThat(store.vms("debian", VmState.COMPLETED)).containsExactly("vm2");
        assertThat(store.deliveredVms("req-1", "el", "centos")).containsExactly("vm1");
        assertThat(store.ondemandRequest("other").orElseThrow().status()).isEmpty();
    }

    @Test
    void failsWithoutAReasonWhenNoneIsGiven() {
        store.createOndemandRequest("req-1", TWO_LINES, null, null, T0);
        beginProcessing("req-1", T0);

        store.failOndemandRequest("req-1", null, LONG_TTL);

        assertThat(store.ondemandRequest("req-1").orElseThrow().status()).contains(RequestStatus.FAILED);
        assertThat(store.ondemandRequest("req-1").orElseThrow().failureReason()).isEmpty();
    }

    @Test
    void aLateFailureDoesNotUndoAFulfilledRequest() {
        store.createOndemandRequest("req-1", List.of(new RequestedLine("el", "centos", 1)), null, null, T0);
        beginProcessing("req-1", T0);
        deliverTo("req-1", "el", "centos", "vm1");
        store.completeOndemandRequest("req-1");

        store.failOndemandRequest("req-1", "late", LONG_TTL);

        assertThat(store.ondemandRequest("req-1").orElseThrow().status()).contains(RequestStatus.READY);
        assertThat(store.vms("centos", VmState.RUNNING)).containsExactly("vm1");
        assertThat(store.deliveredVms("req-1", "el", "centos")).containsExactly("vm1");
    }

    @Test
    void deletesARequest() {
        store.createOndemandRequest("req-1", TWO_LINES, null, null, T0);
        beginProcessing("req-1", T0);
        deliverTo("req-1", "el", "centos", "vm1");

        assertThat(store.deleteOndemandRequest("req-1")).isEqualTo(OndemandDeleteOutcome.DELETED);

        assertThat(store.ondemandRequest("req-1").orElseThrow().status()).contains(RequestStatus.DELETED);
        assertThat(store.vms("centos", VmState.RUNNING)).isEmpty();
        assertThat(store.vms("centos", VmState.COMPLETED)).containsExactly("vm1");
        assertThat(store.deliveredVms("req-1", "el", "centos")).isEmpty();
        assertThat(store.processingOndemandRequests()).isEmpty();
        assertThat(store.ondemandTasks()).isEmpty();

        assertThat(store.deleteOndemandRequest("req-1")).isEqualTo(OndemandDeleteOutcome.ALREADY_DELETED);
        assertThat(store.deleteOndemandRequest("nope")).isEqualTo(OndemandDeleteOutcome.NOT_FOUND);

        store.failOndemandRequest("req-1", "expired", LONG_TTL);
        assertThat(store.ondemandRequest("req-1").orElseThrow().status()).as("deleted stays deleted")
                .contains(RequestStatus.DELETED);
    }

    @Test
    void finishingAnUnknownRequestCreatesNothing() {
        store.completeOndemandRequest("ghost");
        store.failOndemandRequest("ghost", "expired", LONG_TTL);

        assertThat(store.ondemandRequest("ghost")).isEmpty();
    }

    @Test
    void deletesARequestThatWasNeverProcessed() {
        store.createOndemandRequest("req-1", TWO_LINES, null, null, T0);

        assertThat(store.deleteOndemandRequest("req-1")).isEqualTo(OndemandDeleteOutcome.DELETED);

        assertThat(store.newOndemandRequests()).isEmpty();
    }

    @Test
    void concurrentRetriesAreNeverLost() throws Exception {
        store.createOndemandRequest("req-1", TWO_LINES, null, null, T0);

        race(32, t -> store.queueOndemandRetry("req-1", "el", "centos"));

        assertThat(store.ondemandTasks())
                .containsExactly(new OndemandTask("el", "centos", 32, "req-1", OndemandTask.RETRY_SCORE));
    }

    @Test
    void exactlyOneConcurrentTakerGetsATask() throws Exception {
        store.createOndemandRequest("req-1", List.of(new RequestedLine("el", "centos", 3)), null, null, T0);
        beginProcessing("req-1", T0);
        OndemandTask task = store.ondemandTasks().get(0);
        AtomicInteger takers = new AtomicInteger();

        race(32, t -> {
            if (store.takeOndemandTask(task, 1)) {
                takers.incrementAndGet();
            }
        });

        assertThat(takers.get()).isEqualTo(1);
        assertThat(store.ondemandTasks()).extracting(OndemandTask::count).containsExactly(2);
    }

    @Test
    void concurrentSplitsOfOneRequestMakeOneSetOfTasks() throws Exception {
        store.createOndemandRequest("req-1", TWO_LINES, null, null, T0);
        ScoredRequest request = store.newOndemandRequests().get(0);

        race(16, t -> store.beginOndemandProcessing(request, TWO_LINES, T0.plusSeconds(t)));

        assertThat(store.ondemandTasks()).extracting(OndemandTask::count).containsExactlyInAnyOrder(2, 1);
        assertThat(store.processingOndemandRequests()).hasSize(1);
        assertThat(store.newOndemandRequests()).isEmpty();
    }

    @Test
    void exactlyOneConcurrentCreationOfARequestWins() throws Exception {
        AtomicInteger created = new AtomicInteger();

        race(32, t -> {
            if (store.createOndemandRequest("req-1", List.of(new RequestedLine("el", "centos", t + 1)), null, null,
                    T0)) {
                created.incrementAndGet();
            }
        });

        assertThat(created.get()).isEqualTo(1);
        assertThat(store.newOndemandRequests()).hasSize(1);
    }

    @Test
    void aRequestDeletedWhileItsVmsAreDeliveredKeepsNoneRunning() throws Exception {
        int vms = 40;
        store.createOndemandRequest("req-1", List.of(new RequestedLine("el", "centos", vms)), null, null, T0);
        for (int i = 0; i < vms; i++) {
            reserveOndemand("vm" + i);
        }

        race(2, t -> {
            if (t == 0) {
                for (int i = 0; i < vms; i++) {
                    store.deliverOndemandVm(delivery("vm" + i, T0, null, null, null));
                }
            } else {
                store.deleteOndemandRequest("req-1");
            }
        });

        assertThat(store.vms("centos", VmState.RUNNING)).isEmpty();
        assertThat(store.vms("centos", VmState.PENDING)).isEmpty();
        assertThat(store.vms("centos", VmState.COMPLETED)).hasSize(vms);
    }
}
