package org.vmpooler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vmpooler.domain.CheckoutLine;
import org.vmpooler.domain.CheckoutRequest;
import org.vmpooler.domain.CheckoutResult;
import org.vmpooler.domain.CheckoutResult.Grant;
import org.vmpooler.domain.CloneKind;
import org.vmpooler.domain.DailyStat;
import org.vmpooler.domain.DestroyRequestOutcome;
import org.vmpooler.domain.DurationSummary;
import org.vmpooler.domain.NewVm;
import org.vmpooler.domain.OndemandDeleteOutcome;
import org.vmpooler.domain.OndemandDelivery;
import org.vmpooler.domain.OndemandRequest;
import org.vmpooler.domain.OndemandTask;
import org.vmpooler.domain.PoolCounts;
import org.vmpooler.domain.PoolFlag;
import org.vmpooler.domain.PoolOverride;
import org.vmpooler.domain.PoolQueues;
import org.vmpooler.domain.RateCount;
import org.vmpooler.domain.RequestedLine;
import org.vmpooler.domain.ScoredRequest;
import org.vmpooler.domain.StatusSnapshot;
import org.vmpooler.domain.TokenRecord;
import org.vmpooler.domain.VmRecord;
import org.vmpooler.domain.VmRecord.Field;
import org.vmpooler.domain.VmState;
import org.vmpooler.domain.VmTask;
import org.vmpooler.domain.VmTaskKind;
import org.vmpooler.testing.MutableClock;

/**
 * The behaviour every {@link Store} must have, tested only through the interface so that the in-memory store
 * and the Redis store are held to exactly the same contract. A subclass supplies a fresh, empty store per test
 * and, if its expiry does not follow the injected clock (Redis), overrides {@link #advance} to also let that
 * much real time pass. Expiry tests therefore use TTLs of about a second.
 */
public abstract class StoreContractTest {

    /** A zone with a non-whole-hour offset, so a wrongly zoned timestamp cannot pass by accident. */
    protected static final ZoneId ZONE = ZoneId.of("Asia/Kolkata");
    protected static final Instant T0 = Instant.parse("2026-03-19T06:40:59Z");
    protected static final String T0_TEXT = "2026-03-19 12:10:59 +0530";
    protected static final LocalDate DAY = LocalDate.of(2026, 3, 19);
    /** Long enough that a busy machine still reads a record before it expires. */
    protected static final Duration SHORT_TTL = Duration.ofSeconds(2);
    /** Comfortably past {@link #SHORT_TTL}. */
    protected static final Duration PAST_SHORT_TTL = Duration.ofMillis(2_300);
    private static final Duration LONG_TTL = Duration.ofHours(168);

    protected MutableClock clock;
    protected Store store;

    /** A fresh store with no data at all, using {@code clock} for its zone (and, where it can, its expiry). */
    protected abstract Store newStore(MutableClock clock);

    /** Lets {@code d} pass for the store. Stores whose expiry runs on real time override this to also sleep. */
    protected void advance(MutableClock clock, Duration d) {
        clock.advance(d);
    }

    @BeforeEach
    void createStore() {
        clock = new MutableClock(T0, ZONE);
        store = newStore(clock);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private void advance(Duration d) {
        advance(clock, d);
    }

    private static String time(Instant instant) {
        return org.vmpooler.domain.RubyTime.format(instant, ZONE);
    }

    private void reserve(String pool, String vm) {
        assertThat(store.reservePendingVm(NewVm.forPool(vm, pool, "example.com", T0))).isTrue();
    }

    private void readyVm(String pool, String vm) {
        reserve(pool, vm);
        assertThat(store.markReady(pool, vm, T0, Duration.ofSeconds(10), DAY)).isTrue();
    }

    private void runningVm(String pool, String vm) {
        readyVm(pool, vm);
        assertThat(store.checkout(checkout(line(pool, 1)))).isInstanceOf(CheckoutResult.Granted.class);
    }

    private static CheckoutLine line(String pool, int count) {
        return new CheckoutLine(pool, List.of(pool), count);
    }

    private static CheckoutRequest checkout(CheckoutLine... lines) {
        return new CheckoutRequest(List.of(lines), T0, null, null, null, false);
    }

    private Optional<String> field(String vm, String field) {
        return store.vm(vm).flatMap(r -> r.field(field));
    }

    // ================================================================ health

    @Test
    void answersPing() {
        assertThat(store.ping()).isTrue();
    }

    // ================================================================ pool registry

    @Test
    void publishingPoolsReplacesTheRegistryAndEachPoolsFields() {
        store.publishPools(Map.of(
                "centos", Map.of("size", "5", "alias", "el,rhel", "domain", "example.com"),
                "debian", Map.of("size", "1")));

        assertThat(store.publishedPools()).containsExactlyInAnyOrder("centos", "debian");
        assertThat(store.publishedPool("centos"))
                .containsOnly(entry("size", "5"), entry("alias", "el,rhel"), entry("domain", "example.com"));

        store.publishPools(Map.of("centos", Map.of("size", "3")));

        assertThat(store.publishedPools()).containsExactly("centos");
        assertThat(store.publishedPool("centos")).containsOnly(entry("size", "3"));
        assertThat(store.publishedPool("debian")).isEmpty();
        assertThat(store.publishedPool("unknown")).isEmpty();
    }

    @Test
    void refusesAPoolWithANullFieldWithoutPublishingAnything() {
        store.publishPools(Map.of("centos", Map.of("size", "5")));
        Map<String, String> broken = new LinkedHashMap<>();
        broken.put("size", null);
        Map<String, Map<String, String>> pools = new LinkedHashMap<>();
        pools.put("debian", Map.of("size", "1"));
        pools.put("broken", broken);

        assertThatThrownBy(() -> store.publishPools(pools))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("broken");

        assertThat(store.publishedPools()).containsExactly("centos");
        assertThat(store.publishedPool("centos")).containsOnly(entry("size", "5"));
    }

    // ================================================================ queues

    @Test
    void addsAndRemovesQueueMembers() {
        assertThat(store.add("p", "vm1", VmState.DISCOVERED)).isTrue();
        assertThat(store.add("p", "vm1", VmState.DISCOVERED)).isFalse();
        assertThat(store.add("p", "vm2", VmState.DISCOVERED)).isTrue();

        assertThat(store.vms("p", VmState.DISCOVERED)).containsExactlyInAnyOrder("vm1", "vm2");
        assertThat(store.count("p", VmState.DISCOVERED)).isEqualTo(2);
        assertThat(store.vms("other", VmState.DISCOVERED)).isEmpty();

        assertThat(store.remove("p", "vm1", VmState.DISCOVERED)).isTrue();
        assertThat(store.remove("p", "vm1", VmState.DISCOVERED)).isFalse();
        assertThat(store.vms("p", VmState.DISCOVERED)).containsExactly("vm2");
        assertThat(store.count("p", VmState.READY)).isZero();
    }

    @Test
    void movesOnlyFromTheGivenQueue() {
        store.add("p", "vm1", VmState.READY);

        assertThat(store.move("p", "vm1", VmState.PENDING, VmState.COMPLETED)).isFalse();
        assertThat(store.vms("p", VmState.READY)).containsExactly("vm1");
        assertThat(store.vms("p", VmState.COMPLETED)).isEmpty();

        assertThat(store.move("p", "vm1", VmState.READY, VmState.COMPLETED)).isTrue();
        assertThat(store.vms("p", VmState.READY)).isEmpty();
        assertThat(store.vms("p", VmState.COMPLETED)).containsExactly("vm1");
        assertThat(store.move("p", "unknown", VmState.READY, VmState.COMPLETED)).isFalse();
    }

    @Test
    void movesSomeOrAllMembers() {
        for (int i = 0; i < 5; i++) {
            store.add("p", "vm" + i, VmState.READY);
        }

        List<String> some = store.moveSome("p", VmState.READY, VmState.COMPLETED, 2);
        assertThat(some).hasSize(2).doesNotHaveDuplicates();
        assertThat(store.vms("p", VmState.COMPLETED)).containsExactlyInAnyOrderElementsOf(some);
        assertThat(store.count("p", VmState.READY)).isEqualTo(3);

        assertThat(store.moveSome("p", VmState.READY, VmState.COMPLETED, 0)).isEmpty();
        List<String> rest = store.moveSome("p", VmState.READY, VmState.COMPLETED, 10);
        assertThat(rest).hasSize(3);
        assertThat(store.vms("p", VmState.COMPLETED)).hasSize(5);

        List<String> all = store.moveAll("p", VmState.COMPLETED, VmState.PENDING);
        assertThat(all).containsExactlyInAnyOrder("vm0", "vm1", "vm2", "vm3", "vm4");
        assertThat(store.vms("p", VmState.PENDING)).hasSize(5);
        assertThat(store.count("p", VmState.COMPLETED)).isZero();
        assertThat(store.moveAll("p", VmState.READY, VmState.COMPLETED)).isEmpty();
    }

    @Test
    void countsEveryRequestedPool() {
        store.add("a", "p1", VmState.PENDING);
        store.add("a", "r1", VmState.READY);
        store.add("a", "r2", VmState.READY);
        store.add("a", "u1", VmState.RUNNING);
        store.add("a", "u1", VmState.MIGRATING);
        store.add("a", "c1", VmState.COMPLETED);
        store.add("a", "d1", VmState.DISCOVERED);
        store.add("b", "r3", VmState.READY);

        Map<String, PoolCounts> counts = store.counts(List.of("a", "b", "none"));

        assertThat(counts).containsOnlyKeys("a", "b", "none");
        assertThat(counts.get("a")).isEqualTo(new PoolCounts(1, 2, 1, 1, 1, 1));
        assertThat(counts.get("b")).isEqualTo(new PoolCounts(0, 1, 0, 0, 0, 0));
        assertThat(counts.get("none")).isEqualTo(PoolCounts.EMPTY);
    }

    @Test
    void readsAllQueuesOfAPoolWithCheckoutTimes() {
        reserve("p", "pend");
        readyVm("p", "rdy");
        readyVm("p", "out");
        store.checkout(new CheckoutRequest(List.of(line("p", 1)), T0, null, null, null, true));
        String checkedOut = store.vms("p", VmState.RUNNING).iterator().next();
        String stillReady = checkedOut.equals("out") ? "rdy" : "out";

        PoolQueues queues = store.queues("p");

        assertThat(queues.pool()).isEqualTo("p");
        assertThat(queues.in(VmState.PENDING)).containsExactly("pend");
        assertThat(queues.in(VmState.READY)).containsExactly(stillReady);
        assertThat(queues.in(VmState.RUNNING)).containsExactly(checkedOut);
        assertThat(queues.in(VmState.MIGRATING)).containsExactly(checkedOut);
        assertThat(queues.stateOf(checkedOut)).contains(VmState.RUNNING);
        assertThat(queues.active()).containsOnly(entry(checkedOut, T0_TEXT));
        assertThat(queues.checkoutTime(checkedOut, ZONE)).contains(T0);
        assertThat(store.queues("empty").knows("pend")).isFalse();
    }

    // ================================================================ VM records

    @Test
    void keepsVmFields() {
        assertThat(store.vm("vm1")).isEmpty();
        assertThat(store.vmExists("vm1")).isFalse();

        store.setVmFields("vm1", Map.of("host", "esx1", "user_tagged", "true"));
        store.setVmFields("vm1", Map.of("host", "esx2"));

        assertThat(store.vmExists("vm1")).isTrue();
        VmRecord record = store.vm("vm1").orElseThrow();
        assertThat(record.name()).isEqualTo("vm1");
        assertThat(record.fields()).containsOnly(entry("host", "esx2"), entry("user_tagged", "true"));

        store.removeVmFields("vm1", List.of("host", "not-there"));
        assertThat(store.vm("vm1").orElseThrow().fields()).containsOnly(entry("user_tagged", "true"));

        store.removeVmFields("vm1", List.of("user_tagged"));
        assertThat(store.vmExists("vm1")).as("a record without fields does not exist").isFalse();
    }

    @Test
    void deletesVmRecordsAndListsAllNames() {
        store.setVmFields("vm1", Map.of("a", "1"));
        store.setVmFields("vm2", Map.of("a", "1"));
        reserve("p", "vm3");

        assertThat(store.allVmNames()).containsExactlyInAnyOrder("vm1", "vm2", "vm3");

        store.deleteVm("vm2");
        assertThat(store.vm("vm2")).isEmpty();
        assertThat(store.allVmNames()).containsExactlyInAnyOrder("vm1", "vm3");
    }

    @Test
    void refusesNullFieldValues() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("host", null);

        assertThatThrownBy(() -> store.setVmFields("vm1", fields))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host");
        assertThat(store.vmExists("vm1")).isFalse();
    }

    // ================================================================ expiry

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
        store.markDestroying("centos", "destroyed", T0, SHORT_TTL);
        store.finishDestroy("centos", "destroyed");
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

    // ================================================================ reservation and cloning

    @Test
    void reservesAPoolVmInPending() {
        assertThat(store.reservePendingVm(NewVm.forPool("vm1", "centos", "example.com", T0))).isTrue();

        assertThat(store.vms("centos", VmState.PENDING)).containsExactly("vm1");
        assertThat(store.vm("vm1").orElseThrow().fields()).containsOnly(
                entry(Field.CLONE, T0_TEXT), entry(Field.TEMPLATE, "centos"), entry(Field.POOL, "centos"),
                entry(Field.DOMAIN, "example.com"));
    }

    @Test
    void reservesAnOndemandVmWithItsRequest() {
        NewVm vm = new NewVm("vm1", "centos", "example.com", T0, "req-1", "el");

        assertThat(store.reservePendingVm(vm)).isTrue();

        VmRecord record = store.vm("vm1").orElseThrow();
        assertThat(record.requestId()).contains("req-1");
        assertThat(record.poolAlias()).contains("el");
        assertThat(record.pool()).contains("centos");
        assertThat(store.vms("centos", VmState.PENDING)).containsExactly("vm1");
    }

    @Test
    void neverReservesATakenName() {
        reserve("centos", "vm1");
        store.setVmFields("old", Map.of(Field.DESTROY, T0_TEXT));

        assertThat(store.reservePendingVm(NewVm.forPool("vm1", "debian", "other.com", T0.plusSeconds(5)))).isFalse();
        assertThat(store.reservePendingVm(NewVm.forPool("old", "debian", "other.com", T0))).isFalse();

        assertThat(store.vm("vm1").orElseThrow().pool()).contains("centos");
        assertThat(field("vm1", Field.CLONE)).contains(T0_TEXT);
        assertThat(store.vms("debian", VmState.PENDING)).isEmpty();
        assertThat(field("old", Field.POOL)).isEmpty();
    }

    @Test
    void recordsACloneSuccess() {
        reserve("centos", "vm1");

        store.recordCloneSuccess("centos", "vm1", Duration.ofMillis(12_340), "10.0.0.5", DAY);

        assertThat(field("vm1", Field.CLONE_TIME)).contains("12.34");
        assertThat(field("vm1", Field.IP)).contains("10.0.0.5");
        assertThat(store.dailyStats(DailyStat.CLONE, DAY)).containsOnly(entry("centos:vm1", "12.34"));
        assertThat(store.dailyStats(DailyStat.CLONE, DAY.plusDays(1))).isEmpty();
        assertThat(store.vms("centos", VmState.PENDING)).containsExactly("vm1");
    }

    @Test
    void doesNotRecreateAVanishedRecordWhenRecordingACloneOutcome() {
        store.add("centos", "gone1", VmState.PENDING);

        store.recordCloneSuccess("centos", "gone1", Duration.ofSeconds(3), "10.0.0.9", DAY);
        store.recordCloneFailure("centos", "gone2", "boom", "RuntimeError", LONG_TTL);

        assertThat(store.vmExists("gone1")).isFalse();
        assertThat(store.vmExists("gone2")).isFalse();
        assertThat(store.dailyStats(DailyStat.CLONE, DAY)).containsOnly(entry("centos:gone1", "3.00"));
    }

    @Test
    void recordsACloneFailure() {
        reserve("centos", "vm1");

        store.recordCloneFailure("centos", "vm1", "no space left", "IOError", LONG_TTL);

        assertThat(store.vms("centos", VmState.PENDING)).isEmpty();
        assertThat(field("vm1", Field.CLONE_ERROR)).contains("no space left");
        assertThat(field("vm1", Field.CLONE_ERROR_CLASS)).contains("IOError");
    }

    // ================================================================ pending -> ready / running

    @Test
    void marksAPendingVmReady() {
        reserve("centos", "vm1");
        Instant now = T0.plusSeconds(90);

        assertThat(store.markReady("centos", "vm1", now, Duration.ofMillis(90_500), DAY)).isTrue();

        assertThat(store.vms("centos", VmState.PENDING)).isEmpty();
        assertThat(store.vms("centos", VmState.READY)).containsExactly("vm1");
        assertThat(field("vm1", Field.READY)).contains(time(now));
        assertThat(store.dailyStats(DailyStat.BOOT, DAY)).containsOnly(entry("centos:vm1", "90.50"));
        assertThat(store.lastBoots()).containsOnly(entry("centos", time(now)));
    }

    @Test
    void marksOnlyPendingVmsReady() {
        readyVm("centos", "vm1");
        Map<String, String> before = store.vm("vm1").orElseThrow().fields();
        Map<String, String> bootsBefore = store.dailyStats(DailyStat.BOOT, DAY);
        Instant later = T0.plusSeconds(600);

        assertThat(store.markReady("centos", "vm1", later, Duration.ofSeconds(1), DAY)).isFalse();
        assertThat(store.markReady("centos", "ghost", later, Duration.ofSeconds(1), DAY)).isFalse();

        assertThat(store.vm("vm1").orElseThrow().fields()).isEqualTo(before);
        assertThat(store.vmExists("ghost")).isFalse();
        assertThat(store.dailyStats(DailyStat.BOOT, DAY)).isEqualTo(bootsBefore);
        assertThat(store.lastBoots()).containsOnly(entry("centos", T0_TEXT));
        assertThat(store.vms("centos", VmState.READY)).containsExactly("vm1");
    }

    private void ondemandRequestInProgress() {
        assertThat(store.createOndemandRequest("req-1", List.of(new RequestedLine("el", "centos", 3)), null, null,
                T0)).isTrue();
    }

    private void reserveOndemand(String vm) {
        assertThat(store.reservePendingVm(new NewVm(vm, "centos", "example.com", T0, "req-1", "el"))).isTrue();
    }

    private OndemandDelivery delivery(String vm, Instant now, String token, String user, Integer lifetime) {
        return new OndemandDelivery("centos", vm, "req-1", "el", now, Duration.ofSeconds(42), DAY, token, user,
                lifetime);
    }

    @Test
    void deliversAPendingOndemandVmToItsRequest() {
        ondemandRequestInProgress();
        reserveOndemand("vm1");
        Instant now = T0.plusSeconds(42);

        assertThat(store.deliverOndemandVm(delivery("vm1", now, "tok", "alice", 12))).isTrue();

        assertThat(store.vms("centos", VmState.PENDING)).isEmpty();
        assertThat(store.vms("centos", VmState.RUNNING)).containsExactly("vm1");
        assertThat(store.vms("centos", VmState.READY)).isEmpty();
        assertThat(store.queues("centos").active()).containsOnly(entry("vm1", time(now)));
        assertThat(store.vm("vm1").orElseThrow().fields()).contains(
                entry(Field.CHECKOUT, time(now)), entry(Field.READY, time(now)), entry(Field.TOKEN, "tok"),
                entry(Field.TOKEN_USER, "alice"), entry(Field.LIFETIME, "12"));
        assertThat(store.deliveredVms("req-1", "el", "centos")).containsExactly("vm1");
        assertThat(store.dailyStats(DailyStat.BOOT, DAY)).containsOnly(entry("centos:vm1", "42.00"));
        assertThat(store.lastBoots()).containsOnly(entry("centos", time(now)));
    }

    @Test
    void deliversWithoutTokenOrLifetimeWhenNoneGiven() {
        ondemandRequestInProgress();
        reserveOndemand("vm1");

        assertThat(store.deliverOndemandVm(delivery("vm1", T0, null, null, null))).isTrue();

        assertThat(store.vm("vm1").orElseThrow().fields())
                .containsEntry(Field.CHECKOUT, T0_TEXT)
                .doesNotContainKeys(Field.TOKEN, Field.TOKEN_USER, Field.LIFETIME);
    }

    @Test
    void deliversOnlyPendingVms() {
        ondemandRequestInProgress();
        readyVm("centos", "vm1");

        assertThat(store.deliverOndemandVm(delivery("vm1", T0, "tok", "alice", 12))).isFalse();
        assertThat(store.deliverOndemandVm(delivery("ghost", T0, "tok", "alice", 12))).isFalse();

        assertThat(store.vms("centos", VmState.READY)).containsExactly("vm1");
        assertThat(store.vms("centos", VmState.RUNNING)).isEmpty();
        assertThat(store.vm("vm1").orElseThrow().fields()).doesNotContainKeys(Field.CHECKOUT, Field.TOKEN);
        assertThat(store.queues("centos").active()).isEmpty();
        assertThat(store.deliveredVms("req-1", "el", "centos")).isEmpty();
        assertThat(store.vmExists("ghost")).isFalse();
    }

    @Test
    void retiresAVmWhoseRequestIsNoLongerInProgress() {
        ondemandRequestInProgress();
        reserveOndemand("deleted1");
        store.deleteOndemandRequest("req-1");
        assertThat(store.reservePendingVm(new NewVm("nobody1", "centos", "example.com", T0, "gone", "el"))).isTrue();

        assertThat(store.deliverOndemandVm(delivery("deleted1", T0, "tok", "alice", 12))).isFalse();
        assertThat(store.deliverOndemandVm(new OndemandDelivery("centos", "nobody1", "gone", "el", T0,
                Duration.ofSeconds(1), DAY, null, null, null))).isFalse();

        assertThat(store.vms("centos", VmState.PENDING)).isEmpty();
        assertThat(store.vms("centos", VmState.RUNNING)).isEmpty();
        assertThat(store.vms("centos", VmState.COMPLETED)).containsExactlyInAnyOrder("deleted1", "nobody1");
        assertThat(store.vm("deleted1").orElseThrow().fields()).doesNotContainKeys(Field.CHECKOUT, Field.TOKEN);
        assertThat(store.queues("centos").active()).isEmpty();
        assertThat(store.deliveredVms("req-1", "el", "centos")).isEmpty();
        assertThat(store.deliveredVms("gone", "el", "centos")).isEmpty();
    }

    @Test
    void neverDeliversToAFulfilledOrFailedRequest() {
        store.createOndemandRequest("done", List.of(new RequestedLine("el", "centos", 1)), null, null, T0);
        store.createOndemandRequest("failed", List.of(new RequestedLine("el", "centos", 1)), null, null, T0);
        store.completeOndemandRequest("done");
        store.failOndemandRequest("failed", null, LONG_TTL);
        for (String request : List.of("done", "failed")) {
            String vm = "extra-for-" + request;
            assertThat(store.reservePendingVm(new NewVm(vm, "centos", "example.com", T0, request, "el"))).isTrue();

            assertThat(store.deliverOndemandVm(new OndemandDelivery("centos", vm, request, "el", T0,
                    Duration.ofSeconds(1), DAY, null, null, null))).isFalse();

            assertThat(store.vms("centos", VmState.COMPLETED)).contains(vm);
            assertThat(store.deliveredVms(request, "el", "centos")).isEmpty();
        }
        assertThat(store.ondemandRequest("done").orElseThrow().status()).contains("ready");
    }

    // ================================================================ destroy

    @Test
    void destroysInTwoSteps() {
        runningVm("centos", "vm1");
        assertThat(store.requestDestroy("vm1")).isEqualTo(DestroyRequestOutcome.QUEUED);
        Instant now = T0.plusSeconds(3600);

        store.markDestroying("centos", "vm1", now, LONG_TTL);

        assertThat(store.queues("centos").active()).isEmpty();
        assertThat(field("vm1", Field.DESTROY)).contains(time(now));
        assertThat(store.vms("centos", VmState.COMPLETED)).containsExactly("vm1");

        store.finishDestroy("centos", "vm1");
        assertThat(store.vms("centos", VmState.COMPLETED)).isEmpty();
        assertThat(store.vmExists("vm1")).as("kept for lookups until it expires").isTrue();
    }

    @Test
    void forgetsAVmTheProviderNoLongerHas() {
        runningVm("centos", "vm1");

        store.forgetVm("centos", "vm1", VmState.RUNNING, LONG_TTL);

        assertThat(store.queues("centos").knows("vm1")).isFalse();
        assertThat(store.queues("centos").active()).isEmpty();
        assertThat(store.vmExists("vm1")).as("kept for lookups until it expires").isTrue();
    }

    // ================================================================ checkout

    @Test
    void checksOutAReadyVmAndRecordsWhoHasIt() {
        readyVm("centos", "vm1");
        Instant now = T0.plusSeconds(30);
        CheckoutRequest request = new CheckoutRequest(
                List.of(new CheckoutLine("el", List.of("centos"), 1)), now, "tok", "alice", 48, true);

        CheckoutResult result = store.checkout(request);

        assertThat(result).isEqualTo(new CheckoutResult.Granted(List.of(new Grant("el", "vm1", "centos"))));
        assertThat(store.vms("centos", VmState.READY)).isEmpty();
        assertThat(store.vms("centos", VmState.RUNNING)).containsExactly("vm1");
        assertThat(store.vms("centos", VmState.MIGRATING)).containsExactly("vm1");
        assertThat(store.queues("centos").active()).containsOnly(entry("vm1", time(now)));
        assertThat(store.vm("vm1").orElseThrow().fields()).contains(
                entry(Field.CHECKOUT, time(now)), entry(Field.TOKEN, "tok"), entry(Field.TOKEN_USER, "alice"),
                entry(Field.LIFETIME, "48"));
    }

    @Test
    void checksOutWithoutTokenLifetimeOrMigrationWhenNotAsked() {
        readyVm("centos", "vm1");

        assertThat(store.checkout(checkout(line("centos", 1)))).isInstanceOf(CheckoutResult.Granted.class);

        assertThat(store.vm("vm1").orElseThrow().fields())
                .containsEntry(Field.CHECKOUT, T0_TEXT)
                .doesNotContainKeys(Field.TOKEN, Field.TOKEN_USER, Field.LIFETIME);
        assertThat(store.vms("centos", VmState.MIGRATING)).isEmpty();
    }

    @Test
    void checksOutFromTheFirstCandidatePoolThatHasAVm() {
        readyVm("b", "b1");
        readyVm("c", "c1");
        readyVm("c", "c2");
        CheckoutLine alias = new CheckoutLine("linux", List.of("a", "b", "c"), 3);

        CheckoutResult result = store.checkout(checkout(alias));

        assertThat(result).isInstanceOf(CheckoutResult.Granted.class);
        List<Grant> grants = ((CheckoutResult.Granted) result).grants();
        assertThat(grants).extracting(Grant::requested).containsOnly("linux");
        assertThat(grants.get(0)).isEqualTo(new Grant("linux", "b1", "b"));
        assertThat(grants.subList(1, 3)).extracting(Grant::pool).containsOnly("c");
        assertThat(grants).extracting(Grant::vm).containsExactlyInAnyOrder("b1", "c1", "c2");
        assertThat(store.vms("c", VmState.RUNNING)).containsExactlyInAnyOrder("c1", "c2");
    }

    @Test
    void checkoutNeverGrantsOneVmTwiceAcrossLines() {
        readyVm("a", "a1");
        readyVm("a", "a2");

        CheckoutResult both = store.checkout(checkout(line("a", 1), new CheckoutLine("alias", List.of("a"), 1)));
        assertThat(both).isInstanceOf(CheckoutResult.Granted.class);
        assertThat(((CheckoutResult.Granted) both).grants()).extracting(Grant::vm)
                .containsExactlyInAnyOrder("a1", "a2");

        readyVm("a", "a3");
        assertThat(store.checkout(checkout(line("a", 1), new CheckoutLine("alias", List.of("a"), 1))))
                .isEqualTo(new CheckoutResult.Unavailable("alias"));
        assertThat(store.vms("a", VmState.READY)).containsExactly("a3");
    }

    @Test
    void checkoutIsAllOrNothing() {
        readyVm("a", "a1");
        readyVm("b", "b1");
        Map<String, String> a1Before = store.vm("a1").orElseThrow().fields();
        CheckoutRequest request = new CheckoutRequest(List.of(line("a", 1), line("b", 2)), T0.plusSeconds(5),
                "tok", "alice", 4, true);

        CheckoutResult result = store.checkout(request);

        assertThat(result).isEqualTo(new CheckoutResult.Unavailable("b"));
        for (String pool : List.of("a", "b")) {
            PoolQueues queues = store.queues(pool);
            assertThat(queues.in(VmState.READY)).containsExactly(pool + "1");
            assertThat(queues.in(VmState.RUNNING)).isEmpty();
            assertThat(queues.in(VmState.MIGRATING)).isEmpty();
            assertThat(queues.active()).isEmpty();
        }
        assertThat(store.vm("a1").orElseThrow().fields()).isEqualTo(a1Before);
    }

    @Test
    void checkoutNamesTheFirstUnservableLine() {
        readyVm("a", "a1");

        assertThat(store.checkout(checkout(line("x", 1), line("a", 1), line("y", 1))))
                .isEqualTo(new CheckoutResult.Unavailable("x"));
        assertThat(store.checkout(checkout(line("a", 2))))
                .isEqualTo(new CheckoutResult.Unavailable("a"));
        assertThat(store.vms("a", VmState.READY)).containsExactly("a1");
    }

    // ================================================================ give-back

    @Test
    void givesBackOnlyRunningVms() {
        runningVm("centos", "out");
        store.add("centos", "out", VmState.MIGRATING);
        readyVm("centos", "rdy");
        reserve("centos", "pend");

        assertThat(store.requestDestroy("out")).isEqualTo(DestroyRequestOutcome.QUEUED);
        assertThat(store.vms("centos", VmState.RUNNING)).isEmpty();
        assertThat(store.vms("centos", VmState.MIGRATING)).isEmpty();
        assertThat(store.vms("centos", VmState.COMPLETED)).containsExactly("out");

        assertThat(store.requestDestroy("out")).isEqualTo(DestroyRequestOutcome.ALREADY_GONE);
        assertThat(store.requestDestroy("rdy")).isEqualTo(DestroyRequestOutcome.NOT_RUNNING);
        assertThat(store.requestDestroy("pend")).isEqualTo(DestroyRequestOutcome.NOT_RUNNING);
        assertThat(store.requestDestroy("ghost")).isEqualTo(DestroyRequestOutcome.UNKNOWN);
        assertThat(store.vms("centos", VmState.READY)).containsExactly("rdy");
        assertThat(store.vms("centos", VmState.PENDING)).containsExactly("pend");
        assertThat(store.vms("centos", VmState.COMPLETED)).containsExactly("out");
    }

    @Test
    void aDestroyedVmIsAlreadyGone() {
        runningVm("centos", "vm1");
        store.requestDestroy("vm1");
        store.markDestroying("centos", "vm1", T0, LONG_TTL);
        store.finishDestroy("centos", "vm1");

        assertThat(store.requestDestroy("vm1")).isEqualTo(DestroyRequestOutcome.ALREADY_GONE);
        assertThat(store.queues("centos").knows("vm1")).isFalse();
    }

    // ================================================================ lifetime and tags

    @Test
    void setsLifetimeAndTags() {
        runningVm("centos", "vm1");

        store.setLifetime("vm1", 6);
        store.setTags("vm1", Map.of("project", "apollo", "owner", "bob"), DAY);

        VmRecord record = store.vm("vm1").orElseThrow();
        assertThat(record.lifetimeHours()).hasValue(6);
        assertThat(record.tags()).containsOnly(entry("project", "apollo"), entry("owner", "bob"));
        assertThat(store.dailyStats(DailyStat.TAG, DAY))
                .containsOnly(entry("vm1:project", "apollo"), entry("vm1:owner", "bob"));
    }

    @Test
    void doesNotCreateRecordsForUnknownVmsWhenSettingLifetimeOrTags() {
        store.setLifetime("ghost", 6);
        store.setTags("ghost", Map.of("project", "apollo"), DAY);

        assertThat(store.vmExists("ghost")).isFalse();
        assertThat(store.dailyStats(DailyStat.TAG, DAY)).isEmpty();
    }

    // ================================================================ clone slots

    @Test
    void clonesSlotsStayWithinTheLimitAndNeverGoNegative() {
        assertThat(store.cloneSlotsInUse(CloneKind.POOL)).isZero();
        assertThat(store.tryAcquireCloneSlot(CloneKind.POOL, 2)).isTrue();
        assertThat(store.tryAcquireCloneSlot(CloneKind.POOL, 2)).isTrue();
        assertThat(store.tryAcquireCloneSlot(CloneKind.POOL, 2)).isFalse();
        assertThat(store.cloneSlotsInUse(CloneKind.POOL)).isEqualTo(2);
        assertThat(store.cloneSlotsInUse(CloneKind.ONDEMAND)).isZero();
        assertThat(store.tryAcquireCloneSlot(CloneKind.ONDEMAND, 1)).isTrue();

        store.releaseCloneSlot(CloneKind.POOL);
        assertThat(store.cloneSlotsInUse(CloneKind.POOL)).isEqualTo(1);
        assertThat(store.tryAcquireCloneSlot(CloneKind.POOL, 2)).isTrue();

        store.releaseCloneSlot(CloneKind.POOL);
        store.releaseCloneSlot(CloneKind.POOL);
        store.releaseCloneSlot(CloneKind.POOL);
        assertThat(store.cloneSlotsInUse(CloneKind.POOL)).isZero();
        assertThat(store.tryAcquireCloneSlot(CloneKind.POOL, 1)).isTrue();
        assertThat(store.tryAcquireCloneSlot(CloneKind.POOL, 1)).isFalse();
        assertThat(store.tryAcquireCloneSlot(CloneKind.ONDEMAND, 0)).isFalse();

        store.resetCloneSlots();
        assertThat(store.cloneSlotsInUse(CloneKind.POOL)).isZero();
        assertThat(store.cloneSlotsInUse(CloneKind.ONDEMAND)).isZero();
    }

    // ================================================================ overrides and flags

    @Test
    void keepsOverridesPerKind() {
        store.setOverride(PoolOverride.SIZE, "centos", "7");
        store.setOverride(PoolOverride.SIZE, "debian", "2");
        store.setOverride(PoolOverride.TEMPLATE, "centos", "templates/centos-8");

        assertThat(store.overrides(PoolOverride.SIZE)).containsOnly(entry("centos", "7"), entry("debian", "2"));
        assertThat(store.override(PoolOverride.TEMPLATE, "centos")).contains("templates/centos-8");
        assertThat(store.override(PoolOverride.CLONE_TARGET, "centos")).isEmpty();
        assertThat(store.overrides(PoolOverride.CLONE_TARGET)).isEmpty();

        assertThat(store.clearOverride(PoolOverride.SIZE, "centos")).isTrue();
        assertThat(store.clearOverride(PoolOverride.SIZE, "centos")).isFalse();
        assertThat(store.overrides(PoolOverride.SIZE)).containsOnly(entry("debian", "2"));
    }

    @Test
    void flagsAreTakenOnce() {
        store.raiseFlag(PoolFlag.RESET, "centos");
        store.raiseFlag(PoolFlag.RESET, "centos");

        assertThat(store.hasFlag(PoolFlag.RESET, "centos")).isTrue();
        assertThat(store.hasFlag(PoolFlag.UNDO_SIZE_OVERRIDE, "centos")).isFalse();
        assertThat(store.hasFlag(PoolFlag.RESET, "debian")).isFalse();
        assertThat(store.takeFlag(PoolFlag.RESET, "centos")).isTrue();
        assertThat(store.takeFlag(PoolFlag.RESET, "centos")).isFalse();
        assertThat(store.hasFlag(PoolFlag.RESET, "centos")).isFalse();
    }

    @Test
    void remembersPreparedTemplatesAndDeltaDisks() {
        assertThat(store.preparedTemplate("centos")).isEmpty();
        store.setPreparedTemplate("centos", "templates/centos-8");
        store.setPreparedTemplate("debian", "templates/debian-12");
        store.setPreparedTemplate("centos", "templates/centos-9");

        assertThat(store.preparedTemplate("centos")).contains("templates/centos-9");
        assertThat(store.preparedTemplates())
                .containsOnly(entry("centos", "templates/centos-9"), entry("debian", "templates/debian-12"));

        assertThat(store.hasTemplateDeltas("templates/centos-9")).isFalse();
        store.addTemplateDeltas("templates/centos-9");
        assertThat(store.hasTemplateDeltas("templates/centos-9")).isTrue();
    }

    @Test
    void keepsTheFirstInstanceIdentityItIsOffered() {
        assertThat(store.instanceIdentity("first")).isEqualTo("first");
        assertThat(store.instanceIdentity("second")).as("a later manager takes the identity already there")
                .isEqualTo("first");
    }

    @Test
    void reportsWhenAPoolBecomesEmptyOrNotOnce() {
        assertThat(store.markPoolEmpty("centos", false)).isFalse();
        assertThat(store.markPoolEmpty("centos", true)).isTrue();
        assertThat(store.markPoolEmpty("centos", true)).isFalse();
        assertThat(store.markPoolEmpty("debian", true)).isTrue();
        assertThat(store.markPoolEmpty("centos", false)).isTrue();
        assertThat(store.markPoolEmpty("centos", false)).isFalse();
    }

    // ================================================================ statistics

    @Test
    void snapshotsEverythingStatusNeeds() {
        reserve("a", "a-pending");
        readyVm("a", "a-ready");
        store.recordCloneSuccess("a", "a-ready", Duration.ofMillis(20_000), "10.0.0.1", DAY);
        readyVm("b", "b-ready");
        store.recordCloneSuccess("b", "b-ready", Duration.ofMillis(30_500), "10.0.0.2", DAY);
        runningVm("b", "b-running");
        store.tryAcquireCloneSlot(CloneKind.POOL, 10);
        store.tryAcquireCloneSlot(CloneKind.ONDEMAND, 10);
        store.tryAcquireCloneSlot(CloneKind.ONDEMAND, 10);
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

    // ================================================================ tokens

    @Test
    void keepsTokensAndTheirLastUse() {
        store.createToken("tok1", "alice", T0);

        TokenRecord created = store.token("tok1").orElseThrow();
        assertThat(created.user()).contains("alice");
        assertThat(created.created()).contains(T0_TEXT);
        assertThat(created.last()).isEmpty();

        Instant later = T0.plusSeconds(3600);
        assertThat(store.useToken("tok1", later).orElseThrow().last()).contains(time(later));
        assertThat(store.token("tok1").orElseThrow().last()).contains(time(later));
        assertThat(store.useToken("nope", later)).isEmpty();
        assertThat(store.token("nope")).isEmpty();

        assertThat(store.deleteToken("tok1")).isTrue();
        assertThat(store.deleteToken("tok1")).isFalse();
        assertThat(store.token("tok1")).isEmpty();
    }

    @Test
    void recreatingATokenStartsAFreshRecord() {
        store.createToken("tok1", "alice", T0);
        store.useToken("tok1", T0.plusSeconds(5));

        store.createToken("tok1", "bob", T0.plusSeconds(10));

        TokenRecord record = store.token("tok1").orElseThrow();
        assertThat(record.user()).contains("bob");
        assertThat(record.created()).contains(time(T0.plusSeconds(10)));
        assertThat(record.last()).isEmpty();
    }

    @Test
    void listsTokensOfAUser() {
        store.createToken("tok1", "alice", T0);
        store.createToken("tok2", "alice", T0.plusSeconds(1));
        store.createToken("tok3", "bob", T0);

        assertThat(store.tokensOf("alice")).extracting(TokenRecord::token).containsExactlyInAnyOrder("tok1", "tok2");
        assertThat(store.tokensOf("Alice")).isEmpty();
    }

    @Test
    void findsRunningVmsCheckedOutWithAToken() {
        readyVm("a", "a1");
        readyVm("b", "b1");
        readyVm("b", "b2");
        store.checkout(new CheckoutRequest(List.of(line("a", 1), line("b", 1)), T0, "tok1", "alice", null, false));
        store.checkout(new CheckoutRequest(List.of(line("b", 1)), T0, "tok2", "bob", null, false));
        String aliceInB = store.vms("b", VmState.RUNNING).stream()
                .filter(vm -> field(vm, Field.TOKEN).orElseThrow().equals("tok1")).findFirst().orElseThrow();

        assertThat(store.runningVmsOfToken("tok1", List.of("a", "b"))).containsExactlyInAnyOrder("a1", aliceInB);
        assertThat(store.runningVmsOfToken("tok1", List.of("b"))).containsExactly(aliceInB);
        assertThat(store.runningVmsOfToken("tok3", List.of("a", "b"))).isEmpty();
    }

    // ================================================================ on-demand requests

    private static final List<RequestedLine> TWO_LINES =
            List.of(new RequestedLine("el", "centos", 2), new RequestedLine("deb", "debian", 1));

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

    private ScoredRequest beginProcessing(String id, Instant now) {
        ScoredRequest request = store.newOndemandRequests().stream()
                .filter(r -> r.id().equals(id)).findFirst().orElseThrow();
        store.beginOndemandProcessing(request, store.ondemandRequest(id).orElseThrow().requested(), now);
        return request;
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

    private void deliverTo(String requestId, String alias, String pool, String vm) {
        assertThat(store.reservePendingVm(new NewVm(vm, pool, "example.com", T0, requestId, alias))).isTrue();
        assertThat(store.deliverOndemandVm(new OndemandDelivery(pool, vm, requestId, alias, T0,
                Duration.ofSeconds(5), DAY, null, null, null))).isTrue();
    }

    @Test
    void completesARequest() {
        store.createOndemandRequest("req-1", TWO_LINES, null, null, T0);
        beginProcessing("req-1", T0);
        store.queueOndemandRetry("req-1", "el", "centos");

        store.completeOndemandRequest("req-1");

        assertThat(store.ondemandRequest("req-1").orElseThrow().status()).contains("ready");
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
        assertThat(failed.status()).contains("failed");
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

        assertThat(store.ondemandRequest("req-1").orElseThrow().status()).contains("failed");
        assertThat(store.ondemandRequest("req-1").orElseThrow().failureReason()).isEmpty();
    }

    @Test
    void aLateFailureDoesNotUndoAFulfilledRequest() {
        store.createOndemandRequest("req-1", List.of(new RequestedLine("el", "centos", 1)), null, null, T0);
        beginProcessing("req-1", T0);
        deliverTo("req-1", "el", "centos", "vm1");
        store.completeOndemandRequest("req-1");

        store.failOndemandRequest("req-1", "late", LONG_TTL);

        assertThat(store.ondemandRequest("req-1").orElseThrow().status()).contains("ready");
        assertThat(store.vms("centos", VmState.RUNNING)).containsExactly("vm1");
        assertThat(store.deliveredVms("req-1", "el", "centos")).containsExactly("vm1");
    }

    @Test
    void deletesARequest() {
        store.createOndemandRequest("req-1", TWO_LINES, null, null, T0);
        beginProcessing("req-1", T0);
        deliverTo("req-1", "el", "centos", "vm1");

        assertThat(store.deleteOndemandRequest("req-1")).isEqualTo(OndemandDeleteOutcome.DELETED);

        assertThat(store.ondemandRequest("req-1").orElseThrow().status()).contains("deleted");
        assertThat(store.vms("centos", VmState.RUNNING)).isEmpty();
        assertThat(store.vms("centos", VmState.COMPLETED)).containsExactly("vm1");
        assertThat(store.deliveredVms("req-1", "el", "centos")).isEmpty();
        assertThat(store.processingOndemandRequests()).isEmpty();
        assertThat(store.ondemandTasks()).isEmpty();

        assertThat(store.deleteOndemandRequest("req-1")).isEqualTo(OndemandDeleteOutcome.ALREADY_DELETED);
        assertThat(store.deleteOndemandRequest("nope")).isEqualTo(OndemandDeleteOutcome.NOT_FOUND);

        store.failOndemandRequest("req-1", "expired", LONG_TTL);
        assertThat(store.ondemandRequest("req-1").orElseThrow().status()).as("deleted stays deleted")
                .contains("deleted");
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

    // ================================================================ VM tasks

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

    // ================================================================ reliability

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

    // ================================================================ concurrency

    /** Runs {@code body} on {@code threads} platform threads released together; rethrows the first failure. */
    private static void race(int threads, IntConsumer body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    body.accept(id);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentCheckoutsHandOutEveryVmExactlyOnce() throws Exception {
        int vms = 1_000;
        for (int i = 0; i < vms; i++) {
            store.add("p", "vm" + i, VmState.READY);
        }
        ConcurrentLinkedQueue<String> granted = new ConcurrentLinkedQueue<>();

        race(64, t -> {
            while (true) {
                CheckoutResult result = store.checkout(checkout(line("p", 1)));
                if (result instanceof CheckoutResult.Granted g) {
                    g.grants().forEach(grant -> granted.add(grant.vm()));
                } else {
                    return;
                }
            }
        });

        assertThat(granted).hasSize(vms).doesNotHaveDuplicates();
        assertThat(store.count("p", VmState.READY)).isZero();
        assertThat(store.vms("p", VmState.RUNNING)).containsExactlyInAnyOrderElementsOf(granted);
    }

    @Test
    void concurrentMovesKeepEveryVmInExactlyOneState() throws Exception {
        List<String> vms = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            vms.add("vm" + i);
            store.add("p", "vm" + i, VmState.PENDING);
        }
        List<VmState> states = VmState.EXCLUSIVE;
        int movers = 16;
        AtomicInteger moving = new AtomicInteger(movers);
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();

        race(movers + 1, t -> {
            if (t == movers) {
                // an observer: every consistent read must also show each VM in exactly one state
                while (moving.get() > 0) {
                    violations.addAll(statesViolated(store.queues("p"), vms));
                }
                return;
            }
            try {
                moveRandomly(vms, states, 200);
            } finally {
                moving.decrementAndGet();
            }
        });

        assertThat(violations).isEmpty();
        assertThat(statesViolated(store.queues("p"), vms)).isEmpty();
    }

    private void moveRandomly(List<String> vms, List<VmState> states, int moves) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < moves; i++) {
            VmState from = states.get(random.nextInt(states.size()));
            VmState to = states.get(random.nextInt(states.size()));
            switch (random.nextInt(20)) {
                case 0 -> store.moveSome("p", from, to, 3);
                case 1 -> store.moveAll("p", from, to);
                default -> store.move("p", vms.get(random.nextInt(vms.size())), from, to);
            }
        }
    }

    private static List<String> statesViolated(PoolQueues queues, List<String> vms) {
        List<String> violations = new ArrayList<>();
        for (String vm : vms) {
            long in = VmState.EXCLUSIVE.stream().filter(s -> queues.in(s).contains(vm)).count();
            if (in != 1) {
                violations.add(vm + " is in " + in + " states");
            }
        }
        return violations;
    }

    @Test
    void concurrentCloneSlotsNeverExceedTheLimit() throws Exception {
        int limit = 5;
        AtomicInteger held = new AtomicInteger();
        AtomicInteger mostHeld = new AtomicInteger();
        AtomicInteger acquired = new AtomicInteger();

        race(64, t -> {
            for (int i = 0; i < 20; i++) {
                if (store.tryAcquireCloneSlot(CloneKind.POOL, limit)) {
                    acquired.incrementAndGet();
                    mostHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
                    held.decrementAndGet();
                    store.releaseCloneSlot(CloneKind.POOL);
                }
            }
        });

        assertThat(acquired.get()).isPositive();
        assertThat(mostHeld.get()).isLessThanOrEqualTo(limit);
        assertThat(store.cloneSlotsInUse(CloneKind.POOL)).isZero();
    }

    @Test
    void concurrentAcquisitionsTakeExactlyTheLimit() throws Exception {
        AtomicInteger acquired = new AtomicInteger();

        race(64, t -> {
            if (store.tryAcquireCloneSlot(CloneKind.ONDEMAND, 10)) {
                acquired.incrementAndGet();
            }
            store.releaseCloneSlot(CloneKind.POOL);
        });

        assertThat(acquired.get()).isEqualTo(10);
        assertThat(store.cloneSlotsInUse(CloneKind.ONDEMAND)).isEqualTo(10);
        assertThat(store.cloneSlotsInUse(CloneKind.POOL)).isZero();
    }

    @Test
    void exactlyOneConcurrentReservationOfANameWins() throws Exception {
        AtomicInteger winners = new AtomicInteger();
        List<String> winningPools = Collections.synchronizedList(new ArrayList<>());

        race(64, t -> {
            if (store.reservePendingVm(NewVm.forPool("vm1", "pool" + t, "example.com", T0))) {
                winners.incrementAndGet();
                winningPools.add("pool" + t);
            }
        });

        assertThat(winners.get()).isEqualTo(1);
        String winner = winningPools.get(0);
        assertThat(store.vm("vm1").orElseThrow().pool()).contains(winner);
        for (int t = 0; t < 64; t++) {
            String pool = "pool" + t;
            assertThat(store.vms(pool, VmState.PENDING)).isEqualTo(pool.equals(winner) ? Set.of("vm1") : Set.of());
        }
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
    void exactlyOneConcurrentGiveBackIsQueued() throws Exception {
        runningVm("centos", "vm1");
        ConcurrentLinkedQueue<DestroyRequestOutcome> outcomes = new ConcurrentLinkedQueue<>();

        race(32, t -> outcomes.add(store.requestDestroy("vm1")));

        assertThat(outcomes).containsOnlyOnce(DestroyRequestOutcome.QUEUED)
                .containsOnly(DestroyRequestOutcome.QUEUED, DestroyRequestOutcome.ALREADY_GONE);
        assertThat(store.vms("centos", VmState.COMPLETED)).containsExactly("vm1");
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
