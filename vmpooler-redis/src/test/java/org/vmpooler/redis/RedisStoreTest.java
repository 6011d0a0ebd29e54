package org.vmpooler.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.vmpooler.domain.BootedVm;
import org.vmpooler.domain.RequestStatus;
import org.vmpooler.domain.CheckoutLine;
import org.vmpooler.domain.CheckoutRequest;
import org.vmpooler.domain.CheckoutResult;
import org.vmpooler.domain.CloneKind;
import org.vmpooler.domain.DestroyRequestOutcome;
import org.vmpooler.domain.NewVm;
import org.vmpooler.domain.OndemandDelivery;
import org.vmpooler.domain.OndemandTask;
import org.vmpooler.domain.PoolCounts;
import org.vmpooler.domain.RequestedLine;
import org.vmpooler.domain.ScoredRequest;
import org.vmpooler.domain.VmState;

/**
 * What only a shared Redis can get wrong: atomicity between processes (two stores stand for two vmpooler
 * processes), script reloading, SCAN over many keys, and the reference bugs the scripts fix.
 */
class RedisStoreTest {

    private static final Instant NOW = Instant.parse("2026-03-19T06:40:59Z");
    private static final LocalDate TODAY = LocalDate.of(2026, 3, 19);

    private RedisTestDatabase db;
    private RedisCommands<String, String> raw;
    private RedisStore store;
    private RedisStore otherProcess;

    @BeforeEach
    void connect() {
        db = RedisTestDatabase.claim();
        raw = db.redis();
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        store = RedisStore.connect(db.config(), clock);
        otherProcess = RedisStore.connect(db.config(), clock);
    }

    @AfterEach
    void release() {
        otherProcess.close();
        store.close();
        db.close();
    }

    @Test
    void aCheckoutThatCannotBeServedChangesNothing() {
        store.add("centos-7", "vm-a", VmState.READY);
        store.add("centos-7", "vm-b", VmState.READY);

        CheckoutResult result = store.checkout(request(new CheckoutLine("centos-7", List.of("centos-7"), 1),
                new CheckoutLine("debian-12", List.of("debian-12"), 1), new CheckoutLine("centos-7",
                        List.of("centos-7"), 1)));

        assertThat(result).isEqualTo(new CheckoutResult.Unavailable("debian-12"));
        assertThat(raw.smembers("vmpooler__ready__centos-7")).containsExactlyInAnyOrder("vm-a", "vm-b");
        assertThat(raw.exists("vmpooler__running__centos-7", "vmpooler__active__centos-7",
                "vmpooler__migrating__centos-7", "vmpooler__vm__vm-a", "vmpooler__vm__vm-b")).isZero();
    }

    @Test
    void aCheckoutTakesFromTheNextCandidateWhenTheFirstIsEmpty() {
        store.add("el7-b", "vm-b", VmState.READY);

        CheckoutResult result = store.checkout(request(new CheckoutLine("el7", List.of("el7-a", "el7-b"), 1)));

        assertThat(result).isEqualTo(new CheckoutResult.Granted(List.of(new CheckoutResult.Grant("el7", "vm-b",
                "el7-b"))));
        assertThat(raw.hexists("vmpooler__vm__vm-b", "token:token")).as("anonymous").isFalse();
        assertThat(raw.hexists("vmpooler__vm__vm-b", "lifetime")).isFalse();
        assertThat(raw.exists("vmpooler__migrating__el7-b")).as("migration not asked").isZero();
    }

    @Test
    void concurrentCheckoutsFromTwoProcessesNeverHandOutAVmTwice() throws Exception {
        int vms = 120;
        IntStream.range(0, vms).forEach(i -> store.add("centos-7", "vm-" + i, VmState.READY));
        List<Callable<List<String>>> clients = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            RedisStore process = c % 2 == 0 ? store : otherProcess;
            clients.add(() -> {
                List<String> mine = new ArrayList<>();
                while (process.checkout(request(new CheckoutLine("centos-7", List.of("centos-7"), 2)))
                        instanceof CheckoutResult.Granted granted) {
                    granted.grants().forEach(g -> mine.add(g.vm()));
                }
                return mine;
            });
        }
        List<String> handedOut = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<List<String>> f : pool.invokeAll(clients)) {
                handedOut.addAll(f.get());
            }
        }
        assertThat(handedOut).hasSize(vms).doesNotHaveDuplicates();
        assertThat(raw.scard("vmpooler__running__centos-7")).isEqualTo(vms);
        assertThat(raw.hlen("vmpooler__active__centos-7")).isEqualTo(vms);
        assertThat(raw.exists("vmpooler__ready__centos-7")).isZero();
    }

    @Test
    void twoProcessesCannotReserveTheSameVmName() throws Exception {
        NewVm vm = NewVm.forPool("vm-a", "centos-7", "example.com", NOW);
        List<Boolean> outcomes = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            pool.invokeAll(List.<Callable<Boolean>>of(() -> outcomes.add(store.reservePendingVm(vm)),
                    () -> outcomes.add(otherProcess.reservePendingVm(vm))));
        }
        assertThat(outcomes).containsExactlyInAnyOrder(true, false);
        assertThat(raw.smembers("vmpooler__pending__centos-7")).containsExactly("vm-a");
    }

    @Test
    void cloneSlotsNeverExceedTheLimitAndNeverGoNegative() throws Exception {
        List<Callable<Boolean>> takers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            RedisStore process = i % 2 == 0 ? store : otherProcess;
            takers.add(() -> process.tryAcquireCloneSlots(CloneKind.POOL, 1, 5, "manager-1") == 1);
        }
        long granted;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            granted = pool.invokeAll(takers).stream().filter(f -> f.resultNow()).count();
        }
        assertThat(granted).isEqualTo(5);
        assertThat(store.cloneSlotsInUse(CloneKind.POOL)).isEqualTo(5);

        for (int i = 0; i < 7; i++) {
            store.releaseCloneSlots(CloneKind.POOL, 1, "manager-1");
        }
        assertThat(raw.get("vmpooler__tasks__clone")).isEqualTo("0");
    }

    @Test
    void concurrentRetriesOfOneRequestLineAccumulateInsteadOfColliding() throws Exception {
        store.createOndemandRequest("rid-1", List.of(new RequestedLine("centos", "centos-7", 6)), null, null, NOW);
        List<Callable<Object>> failures = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            RedisStore process = i % 2 == 0 ? store : otherProcess;
            failures.add(() -> {
                process.queueOndemandRetry("rid-1", "centos", "centos-7");
                return null;
            });
        }
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            pool.invokeAll(failures);
        }
        OndemandTask retry = new OndemandTask("centos", "centos-7", 6, "rid-1", OndemandTask.RETRY_SCORE);
        assertThat(store.ondemandTasks()).containsExactly(retry);

        assertThat(store.takeOndemandTask(retry, 4)).isTrue();
        assertThat(store.ondemandTasks()).containsExactly(
                new OndemandTask("centos", "centos-7", 2, "rid-1", OndemandTask.RETRY_SCORE));
        assertThat(otherProcess.takeOndemandTask(retry, 1)).as("already taken by the first process").isFalse();
    }

    @Test
    void aNewRequestIsSplitIntoTasksOnlyOnceEvenByTwoManagers() {
        store.createOndemandRequest("rid-1", List.of(new RequestedLine("centos", "centos-7", 2)), null, null, NOW);
        ScoredRequest request = store.newOndemandRequests().getFirst();
        List<RequestedLine> lines = List.of(new RequestedLine("centos", "centos-7", 2));

        store.beginOndemandProcessing(request, lines, NOW);
        otherProcess.beginOndemandProcessing(request, lines, NOW.plusSeconds(1));

        assertThat(store.ondemandTasks()).containsExactly(
                new OndemandTask("centos", "centos-7", 2, "rid-1", NOW.getEpochSecond()));
        assertThat(store.processingOndemandRequests()).containsExactly(request);
        assertThat(store.createOndemandRequest("rid-1", lines, null, null, NOW)).as("id taken").isFalse();
    }

    @Test
    void failingARequestReleasesItsVmsAndDropsItsTasks() {
        List<RequestedLine> lines = List.of(new RequestedLine("centos", "centos-7", 2));
        store.createOndemandRequest("rid-1", lines, null, null, NOW);
        store.beginOndemandProcessing(store.newOndemandRequests().getFirst(), lines, NOW);
        store.queueOndemandRetry("rid-1", "centos", "centos-7");
        store.createOndemandRequest("rid-other", lines, null, null, NOW);
        store.queueOndemandRetry("rid-other", "centos", "centos-7");
        store.reservePendingVm(new NewVm("vm-o", "centos-7", "example.com", NOW, "rid-1", "centos"));
        store.deliverOndemandVm(new OndemandDelivery("centos-7", "vm-o", "rid-1", "centos", NOW,
                Duration.ofSeconds(30), TODAY, null, null, null));

        store.failOndemandRequest("rid-1", "Max retry attempts exceeded", Duration.ofHours(168));

        var failed = store.ondemandRequest("rid-1").orElseThrow();
        assertThat(failed.status()).contains(RequestStatus.FAILED);
        assertThat(failed.failureReason()).contains("Max retry attempts exceeded");
        assertThat(raw.ttl("vmpooler__odrequest__rid-1")).isCloseTo(168 * 3600L, within(5L));
        assertThat(raw.ttl("vmpooler__rid-1__centos__centos-7")).isCloseTo(168 * 3600L, within(5L));
        assertThat(raw.smembers("vmpooler__completed__centos-7")).containsExactly("vm-o");
        assertThat(raw.exists("vmpooler__running__centos-7", "vmpooler__provisioning__processing")).isZero();
        assertThat(store.ondemandTasks()).extracting(OndemandTask::requestId).containsExactly("rid-other");
        assertThat(raw.hexists("vmpooler__vm__vm-o", "lifetime")).as("no token, no lifetime").isFalse();
    }

    @Test
    void aVmBecomingReadyForARequestAnotherProcessJustDeletedIsRetiredNotDelivered() {
        List<RequestedLine> lines = List.of(new RequestedLine("centos", "centos-7", 1));
        store.createOndemandRequest("rid-1", lines, null, null, NOW);
        store.beginOndemandProcessing(store.newOndemandRequests().getFirst(), lines, NOW);
        store.reservePendingVm(new NewVm("vm-o", "centos-7", "example.com", NOW, "rid-1", "centos"));

        otherProcess.deleteOndemandRequest("rid-1");
        boolean delivered = store.deliverOndemandVm(new OndemandDelivery("centos-7", "vm-o", "rid-1", "centos", NOW,
                Duration.ofSeconds(30), TODAY, null, null, null));
        otherProcess.queueOndemandRetry("rid-1", "centos", "centos-7");

        assertThat(delivered).isFalse();
        assertThat(raw.smembers("vmpooler__completed__centos-7")).containsExactly("vm-o");
        assertThat(raw.exists("vmpooler__running__centos-7", "vmpooler__pending__centos-7",
                "vmpooler__rid-1__centos__centos-7", "vmpooler__odcreate__task")).isZero();
        assertThat(raw.hexists("vmpooler__vm__vm-o", "checkout")).isFalse();
    }

    @Test
    void givingBackAVmSaysWhatHappened() {
        store.reservePendingVm(NewVm.forPool("vm-a", "centos-7", "example.com", NOW));
        assertThat(store.requestDestroy("vm-a")).isEqualTo(DestroyRequestOutcome.NOT_RUNNING);
        assertThat(store.requestDestroy("vm-unknown")).isEqualTo(DestroyRequestOutcome.UNKNOWN);

        store.markReady("centos-7", List.of(new BootedVm("vm-a", Duration.ofSeconds(20))), NOW, TODAY);
        store.checkout(request(new CheckoutLine("centos-7", List.of("centos-7"), 1)));
        assertThat(store.requestDestroy("vm-a")).isEqualTo(DestroyRequestOutcome.QUEUED);
        assertThat(otherProcess.requestDestroy("vm-a")).isEqualTo(DestroyRequestOutcome.ALREADY_GONE);
        assertThat(raw.smembers("vmpooler__completed__centos-7")).containsExactly("vm-a");
        assertThat(raw.exists("vmpooler__ready__centos-7", "vmpooler__pending__centos-7")).isZero();
    }

    @Test
    void queueSizesOfManyPoolsAreReadPerPool() {
        store.add("a", "a1", VmState.READY);
        store.add("b", "b1", VmState.PENDING);
        store.add("b", "b2", VmState.PENDING);
        store.add("b", "b3", VmState.COMPLETED);

        assertThat(store.counts(List.of("a", "b", "c"))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "a", new PoolCounts(0, 1, 0, 0, 0, 0),
                "b", new PoolCounts(2, 0, 0, 1, 0, 0),
                "c", PoolCounts.EMPTY));
        assertThat(store.statusSnapshot(List.of("a", "b"), TODAY).counts().get("b"))
                .isEqualTo(new PoolCounts(2, 0, 0, 1, 0, 0));
    }

    @Test
    void movingSomeOrAllVmsLosesNone() {
        IntStream.range(0, 5).forEach(i -> store.add("a", "vm-" + i, VmState.READY));

        List<String> some = store.moveSome("a", VmState.READY, VmState.COMPLETED, 2);
        assertThat(some).hasSize(2);
        assertThat(raw.smembers("vmpooler__completed__a")).containsExactlyInAnyOrderElementsOf(some);

        List<String> rest = store.moveAll("a", VmState.READY, VmState.COMPLETED);
        assertThat(rest).hasSize(3).doesNotContainAnyElementsOf(some);
        assertThat(raw.scard("vmpooler__completed__a")).isEqualTo(5);
        assertThat(raw.exists("vmpooler__ready__a")).isZero();
    }

    @Test
    void movingThousandsOfVmsAtOnceLosesNone() {
        String[] vms = IntStream.range(0, 9000).mapToObj(i -> "vm-" + i).toArray(String[]::new);
        raw.sadd("vmpooler__ready__a", vms);

        assertThat(store.moveSome("a", VmState.READY, VmState.COMPLETED, 8500)).hasSize(8500);
        assertThat(raw.scard("vmpooler__completed__a")).isEqualTo(8500);
        assertThat(store.moveAll("a", VmState.READY, VmState.COMPLETED)).hasSize(500);
        assertThat(raw.scard("vmpooler__completed__a")).isEqualTo(9000);
    }

    @Test
    void scriptsAreSentAgainWhenRedisForgotThem() {
        store.add("a", "vm-a", VmState.READY);
        raw.scriptFlush();

        assertThat(store.moveAll("a", VmState.READY, VmState.COMPLETED)).containsExactly("vm-a");
    }

    @Test
    void allVmNamesPagesThroughManyRecordsWithoutKeys() {
        Map<String, String> fields = Map.of("pool", "a");
        IntStream.range(0, 2500).forEach(i -> raw.hset("vmpooler__vm__vm-" + i, fields));
        raw.set("vmpooler__vmx", "not a VM record");

        assertThat(store.allVmNames()).hasSize(2500).doesNotHaveDuplicates().contains("vm-0", "vm-2499");
    }

    private static CheckoutRequest request(CheckoutLine... lines) {
        return new CheckoutRequest(List.of(lines), NOW, null, null, null, false);
    }
}
