package org.vmpooler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.vmpooler.domain.BootedVm;
import org.vmpooler.domain.CheckoutLine;
import org.vmpooler.domain.CheckoutRequest;
import org.vmpooler.domain.CheckoutResult;
import org.vmpooler.domain.CheckoutResult.Grant;
import org.vmpooler.domain.ClonedVm;
import org.vmpooler.domain.DailyStat;
import org.vmpooler.domain.DestroyRequestOutcome;
import org.vmpooler.domain.DurationSummary;
import org.vmpooler.domain.NewVm;
import org.vmpooler.domain.OndemandDelivery;
import org.vmpooler.domain.RequestStatus;
import org.vmpooler.domain.PoolQueues;
import org.vmpooler.domain.RequestedLine;
import org.vmpooler.domain.UntokenedGiveBack;
import org.vmpooler.domain.VmRecord;
import org.vmpooler.domain.VmRecord.Field;
import org.vmpooler.domain.VmState;

/**
 * The contract of {@link VmLifecycle}: reservation, clone outcome, ready or delivered, checkout, give-back, destruction.
 * Run against every store.
 */
public abstract class VmLifecycleContract extends StoreContract {

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

        store.recordCloneSuccess(List.of(new ClonedVm("centos", "vm1", Duration.ofMillis(12_340), "10.0.0.5")), DAY);

        assertThat(field("vm1", Field.CLONE_TIME)).contains("12.34");
        assertThat(field("vm1", Field.IP)).contains("10.0.0.5");
        assertThat(store.dailyStats(DailyStat.CLONE, DAY)).containsOnly(entry("centos:vm1", "12.34"));
        assertThat(store.dailyStats(DailyStat.CLONE, DAY.plusDays(1))).isEmpty();
        assertThat(store.vms("centos", VmState.PENDING)).containsExactly("vm1");
    }

    @Test
    void recordsManyClonesTogether() {
        reserve("centos", "vm1");
        reserve("debian", "vm2");

        store.recordCloneSuccess(List.of(new ClonedVm("centos", "vm1", Duration.ofSeconds(4), "10.0.0.1"),
                new ClonedVm("debian", "vm2", Duration.ofMillis(6_500), null),
                new ClonedVm("centos", "gone", Duration.ofSeconds(2), "10.0.0.3")), DAY);

        assertThat(field("vm1", Field.IP)).contains("10.0.0.1");
        assertThat(field("vm2", Field.CLONE_TIME)).contains("6.50");
        assertThat(field("vm2", Field.IP)).isEmpty();
        assertThat(store.vmExists("gone")).isFalse();
        assertThat(store.dailyStats(DailyStat.CLONE, DAY)).containsOnly(entry("centos:vm1", "4.00"),
                entry("debian:vm2", "6.50"), entry("centos:gone", "2.00"));
        assertThat(store.statusSnapshot(List.of("centos", "debian"), DAY).cloneTimes())
                .isEqualTo(new DurationSummary(3, 12.5, 2, 6.5));
    }

    @Test
    void doesNotRecreateAVanishedRecordWhenRecordingACloneOutcome() {
        store.add("centos", "gone1", VmState.PENDING);

        store.recordCloneSuccess(List.of(new ClonedVm("centos", "gone1", Duration.ofSeconds(3), "10.0.0.9")), DAY);
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

    @Test
    void marksAPendingVmReady() {
        reserve("centos", "vm1");
        Instant now = T0.plusSeconds(90);

        assertThat(store.markReady("centos", List.of(new BootedVm("vm1", Duration.ofMillis(90_500))),
                now, DAY)).containsExactly("vm1");

        assertThat(store.vms("centos", VmState.PENDING)).isEmpty();
        assertThat(store.vms("centos", VmState.READY)).containsExactly("vm1");
        assertThat(field("vm1", Field.READY)).contains(time(now));
        assertThat(store.dailyStats(DailyStat.BOOT, DAY)).containsOnly(entry("centos:vm1", "90.50"));
        assertThat(lastBoots()).containsOnly(entry("centos", time(now)));
    }

    @Test
    void marksTheBootedVmsThatArePendingReadyTogether() {
        reserve("centos", "vm1");
        readyVm("centos", "vm2");
        reserve("centos", "vm3");
        Instant now = T0.plusSeconds(90);

        List<String> moved = store.markReady("centos", List.of(new BootedVm("vm3", Duration.ofSeconds(30)),
                new BootedVm("vm2", Duration.ofSeconds(1)), new BootedVm("ghost", Duration.ofSeconds(1)),
                new BootedVm("vm1", Duration.ofMillis(90_500))), now, DAY);

        assertThat(moved).containsExactly("vm3", "vm1");
        assertThat(store.vms("centos", VmState.READY)).containsExactlyInAnyOrder("vm1", "vm2", "vm3");
        assertThat(field("vm3", Field.READY)).contains(time(now));
        assertThat(field("vm2", Field.READY)).contains(T0_TEXT);
        assertThat(store.dailyStats(DailyStat.BOOT, DAY)).as("vm2's boot is the one of when it became ready")
                .containsOnly(entry("centos:vm1", "90.50"), entry("centos:vm2", "10.00"), entry("centos:vm3", "30.00"));
        assertThat(store.vmExists("ghost")).isFalse();
        assertThat(lastBoots()).containsOnly(entry("centos", time(now)));
    }

    @Test
    void marksOnlyPendingVmsReady() {
        readyVm("centos", "vm1");
        Map<String, String> before = store.vm("vm1").orElseThrow().fields();
        Map<String, String> bootsBefore = store.dailyStats(DailyStat.BOOT, DAY);
        Instant later = T0.plusSeconds(600);

        assertThat(store.markReady("centos", List.of(new BootedVm("vm1", Duration.ofSeconds(1))),
                later, DAY)).isEmpty();
        assertThat(store.markReady("centos", List.of(new BootedVm("ghost", Duration.ofSeconds(1))),
                later, DAY)).isEmpty();

        assertThat(store.vm("vm1").orElseThrow().fields()).isEqualTo(before);
        assertThat(store.vmExists("ghost")).isFalse();
        assertThat(store.dailyStats(DailyStat.BOOT, DAY)).isEqualTo(bootsBefore);
        assertThat(lastBoots()).containsOnly(entry("centos", T0_TEXT));
        assertThat(store.vms("centos", VmState.READY)).containsExactly("vm1");
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
        assertThat(lastBoots()).containsOnly(entry("centos", time(now)));
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
        assertThat(store.ondemandRequest("done").orElseThrow().status()).contains(RequestStatus.READY);
    }

    @Test
    void destroysInTwoStepsManyVmsAtOnce() {
        runningVm("centos", "vm1");
        runningVm("centos", "vm2");
        runningVm("centos", "vm3");
        store.requestDestroy("vm1");
        store.requestDestroy("vm2");
        Instant now = T0.plusSeconds(3600);

        store.markDestroying("centos", List.of("vm1", "vm2"), now, LONG_TTL);

        assertThat(store.queues("centos").active()).containsOnlyKeys("vm3");
        assertThat(field("vm1", Field.DESTROY)).contains(time(now));
        assertThat(field("vm2", Field.DESTROY)).contains(time(now));
        assertThat(field("vm3", Field.DESTROY)).isEmpty();
        assertThat(store.vms("centos", VmState.COMPLETED)).containsExactlyInAnyOrder("vm1", "vm2");

        store.finishDestroy("centos", List.of("vm1", "vm2"));
        assertThat(store.vms("centos", VmState.COMPLETED)).isEmpty();
        assertThat(store.vmExists("vm1")).as("kept for lookups until it expires").isTrue();
        assertThat(store.vms("centos", VmState.RUNNING)).containsExactly("vm3");
    }

    @Test
    void batchesOfAnyLengthAreWrittenWhole() {
        List<String> names = IntStream.range(0, 1_201).mapToObj(i -> "vm" + i).toList();
        names.forEach(vm -> reserve("centos", vm));
        List<BootedVm> booted = names.stream().map(vm -> new BootedVm(vm, Duration.ofSeconds(5))).toList();

        assertThat(store.markReady("centos", booted, T0, DAY)).isEqualTo(names);
        assertThat(store.records(names)).hasSize(names.size());
        assertThat(store.moveAll("centos", VmState.READY, VmState.COMPLETED)).hasSize(names.size());
        store.markDestroying("centos", names, T0, LONG_TTL);
        assertThat(names).allSatisfy(vm -> assertThat(field(vm, Field.DESTROY)).contains(T0_TEXT));
        store.finishDestroy("centos", names);

        assertThat(store.counts(List.of("centos")).get("centos").completed()).isZero();
        assertThat(store.vms("centos", VmState.READY)).isEmpty();
    }

    @Test
    void emptyBatchesChangeNothing() {
        readyVm("centos", "vm1");

        assertThat(store.markReady("centos", List.of(), T0, DAY)).isEmpty();
        store.markDestroying("centos", List.of(), T0, LONG_TTL);
        store.finishDestroy("centos", List.of());

        assertThat(store.records(List.of())).isEmpty();
        assertThat(store.vms("centos", VmState.READY)).containsExactly("vm1");
        assertThat(lastBoots()).containsOnly(entry("centos", T0_TEXT));
    }

    @Test
    void forgetsAVmTheProviderNoLongerHas() {
        runningVm("centos", "vm1");

        store.forgetVm("centos", "vm1", VmState.RUNNING, LONG_TTL);

        assertThat(store.queues("centos").knows("vm1")).isFalse();
        assertThat(store.queues("centos").active()).isEmpty();
        assertThat(store.vmExists("vm1")).as("kept for lookups until it expires").isTrue();
    }

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
    void aCheckoutWithATokenButNoUserRecordsNoUser() {
        readyVm("centos", "vm1");

        assertThat(store.checkout(new CheckoutRequest(List.of(line("centos", 1)), T0, "tok", null, null, false)))
                .isInstanceOf(CheckoutResult.Granted.class);

        assertThat(store.vm("vm1").orElseThrow().fields()).containsEntry(Field.TOKEN, "tok")
                .doesNotContainKey(Field.TOKEN_USER);
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
    void aGiveBackWithoutTokenQueuesAVmNoTokenOwnsAndReturnsItsRecord() {
        runningVm("centos", "out");
        store.add("centos", "out", VmState.MIGRATING);
        VmRecord before = store.vm("out").orElseThrow();

        assertThat(store.giveBackUntokened("out"))
                .isEqualTo(new UntokenedGiveBack.Requested(DestroyRequestOutcome.QUEUED, Optional.of(before)));
        assertThat(store.vms("centos", VmState.RUNNING)).isEmpty();
        assertThat(store.vms("centos", VmState.MIGRATING)).isEmpty();
        assertThat(store.vms("centos", VmState.COMPLETED)).containsExactly("out");
        assertThat(store.giveBackUntokened("out")).isEqualTo(
                new UntokenedGiveBack.Requested(DestroyRequestOutcome.ALREADY_GONE, store.vm("out")));
    }

    @Test
    void aGiveBackWithoutTokenLeavesAVmATokenOwnsAsItIs() {
        readyVm("centos", "owned");
        assertThat(store.checkout(new CheckoutRequest(List.of(line("centos", 1)), T0, "tok", "bob", null, true)))
                .isInstanceOf(CheckoutResult.Granted.class);
        VmRecord before = store.vm("owned").orElseThrow();

        assertThat(store.giveBackUntokened("owned")).isEqualTo(new UntokenedGiveBack.TokenHeld());
        assertThat(store.vms("centos", VmState.RUNNING)).containsExactly("owned");
        assertThat(store.vms("centos", VmState.MIGRATING)).containsExactly("owned");
        assertThat(store.vm("owned")).contains(before);
    }

    @Test
    void aGiveBackWithoutTokenRefusesWhatRequestDestroyRefuses() {
        readyVm("centos", "rdy");
        reserve("centos", "pend");

        assertThat(store.giveBackUntokened("rdy")).isEqualTo(
                new UntokenedGiveBack.Requested(DestroyRequestOutcome.NOT_RUNNING, store.vm("rdy")));
        assertThat(store.giveBackUntokened("pend")).isEqualTo(
                new UntokenedGiveBack.Requested(DestroyRequestOutcome.NOT_RUNNING, store.vm("pend")));
        assertThat(store.giveBackUntokened("ghost"))
                .isEqualTo(new UntokenedGiveBack.Requested(DestroyRequestOutcome.UNKNOWN, Optional.empty()));
        assertThat(store.vms("centos", VmState.READY)).containsExactly("rdy");
        assertThat(store.vms("centos", VmState.PENDING)).containsExactly("pend");
    }

    @Test
    void aDestroyedVmIsAlreadyGone() {
        runningVm("centos", "vm1");
        store.requestDestroy("vm1");
        store.markDestroying("centos", List.of("vm1"), T0, LONG_TTL);
        store.finishDestroy("centos", List.of("vm1"));

        assertThat(store.requestDestroy("vm1")).isEqualTo(DestroyRequestOutcome.ALREADY_GONE);
        assertThat(store.queues("centos").knows("vm1")).isFalse();
    }

    @Test
    void aVmInNoQueueOfItsPoolIsAlreadyGone() {
        reserve("centos", "failed-clone");
        store.move("centos", "failed-clone", VmState.PENDING, VmState.COMPLETED);
        store.recordCloneFailure("centos", "failed-clone", "template not found", "ProviderException", LONG_TTL);
        runningVm("centos", "forgotten");
        store.forgetVm("centos", "forgotten", VmState.RUNNING, LONG_TTL);
        reserve("centos", "discovered");
        store.move("centos", "discovered", VmState.PENDING, VmState.DISCOVERED);

        assertThat(store.requestDestroy("failed-clone")).as("a failed clone, in completed")
                .isEqualTo(DestroyRequestOutcome.ALREADY_GONE);
        assertThat(store.requestDestroy("forgotten")).as("a record the provider no longer has, in no queue")
                .isEqualTo(DestroyRequestOutcome.ALREADY_GONE);
        assertThat(store.requestDestroy("discovered")).isEqualTo(DestroyRequestOutcome.NOT_RUNNING);
    }

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
    void exactlyOneConcurrentGiveBackIsQueued() throws Exception {
        runningVm("centos", "vm1");
        ConcurrentLinkedQueue<DestroyRequestOutcome> outcomes = new ConcurrentLinkedQueue<>();

        race(32, t -> outcomes.add(store.requestDestroy("vm1")));

        assertThat(outcomes).containsOnlyOnce(DestroyRequestOutcome.QUEUED)
                .containsOnly(DestroyRequestOutcome.QUEUED, DestroyRequestOutcome.ALREADY_GONE);
        assertThat(store.vms("centos", VmState.COMPLETED)).containsExactly("vm1");
    }
}
