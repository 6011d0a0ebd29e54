package org.vmpooler.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.vmpooler.domain.BootedVm;
import org.vmpooler.domain.CheckoutLine;
import org.vmpooler.domain.CheckoutRequest;
import org.vmpooler.domain.CheckoutResult;
import org.vmpooler.domain.NewVm;
import org.vmpooler.domain.OndemandDelivery;
import org.vmpooler.domain.PoolQueues;
import org.vmpooler.domain.RequestedLine;
import org.vmpooler.domain.ScoredRequest;
import org.vmpooler.domain.VmState;
import org.vmpooler.testing.MutableClock;

/**
 * What every aggregate's contract suite shares: a fresh, empty store per test, an injected clock, and helpers that
 * bring VMs and requests into a state. The suites ({@code VmQueuesContract}, {@code VmLifecycleContract}, ...) test
 * only through the interfaces, so the in-memory store and the Redis store are held to exactly the same contract. A
 * store comes from the {@link StoreFixture} registered on the test class; one whose expiry does not follow the
 * injected clock (Redis) lets that much real time pass too, so expiry tests use TTLs of about a second.
 */
public abstract class StoreContract {

    /** A zone with a non-whole-hour offset, so a wrongly zoned timestamp cannot pass by accident. */
    protected static final ZoneId ZONE = ZoneId.of("Asia/Kolkata");
    protected static final Instant T0 = Instant.parse("2026-03-19T06:40:59Z");
    protected static final String T0_TEXT = "2026-03-19 12:10:59 +0530";
    protected static final LocalDate DAY = LocalDate.of(2026, 3, 19);
    /** Long enough that a busy machine still reads a record before it expires. */
    protected static final Duration SHORT_TTL = Duration.ofSeconds(2);
    /** Comfortably past {@link #SHORT_TTL}. */
    protected static final Duration PAST_SHORT_TTL = Duration.ofMillis(2_300);
    protected static final Duration LONG_TTL = Duration.ofHours(168);

    protected MutableClock clock;
    protected Store store;
    private StoreFixture fixture;

    /** Last boot times of the pools these tests use, as /status reads them. */
    protected Map<String, String> lastBoots() {
        return store.statusSnapshot(List.of("centos", "debian", "p"), DAY).lastBoot();
    }

    @BeforeEach
    void createStore(StoreFixture fixture) {
        this.fixture = fixture;
        clock = new MutableClock(T0, ZONE);
        store = fixture.newStore(clock);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    protected void advance(Duration d) {
        fixture.advance(clock, d);
    }

    protected static String time(Instant instant) {
        return org.vmpooler.domain.RubyTime.format(instant, ZONE);
    }

    protected void reserve(String pool, String vm) {
        assertThat(store.reservePendingVm(NewVm.forPool(vm, pool, "example.com", T0))).isTrue();
    }

    protected void readyVm(String pool, String vm) {
        reserve(pool, vm);
        assertThat(store.markReady(pool, List.of(new BootedVm(vm, Duration.ofSeconds(10))),
                T0, DAY)).containsExactly(vm);
    }

    protected void runningVm(String pool, String vm) {
        readyVm(pool, vm);
        assertThat(store.checkout(checkout(line(pool, 1)))).isInstanceOf(CheckoutResult.Granted.class);
    }

    protected static CheckoutLine line(String pool, int count) {
        return new CheckoutLine(pool, List.of(pool), count);
    }

    protected static CheckoutRequest checkout(CheckoutLine... lines) {
        return new CheckoutRequest(List.of(lines), T0, null, null, null, false);
    }

    protected Optional<String> field(String vm, String field) {
        return store.vm(vm).flatMap(r -> r.field(field));
    }

    // ================================================================ health

    // ================================================================ pool registry

    // ================================================================ queues

    // ================================================================ VM records

    // ================================================================ expiry

    // ================================================================ reservation and cloning

    // ================================================================ pending -> ready / running

    protected void ondemandRequestInProgress() {
        assertThat(store.createOndemandRequest("req-1", List.of(new RequestedLine("el", "centos", 3)), null, null,
                T0)).isTrue();
    }

    protected void reserveOndemand(String vm) {
        assertThat(store.reservePendingVm(new NewVm(vm, "centos", "example.com", T0, "req-1", "el"))).isTrue();
    }

    protected OndemandDelivery delivery(String vm, Instant now, String token, String user, Integer lifetime) {
        return new OndemandDelivery("centos", vm, "req-1", "el", now, Duration.ofSeconds(42), DAY, token, user,
                lifetime);
    }

    // ================================================================ destroy

    // ================================================================ checkout

    // ================================================================ give-back

    // ================================================================ lifetime and tags

    // ================================================================ clone slots

    // ================================================================ overrides and flags

    // ================================================================ statistics

    // ================================================================ tokens

    // ================================================================ on-demand requests

    protected static final List<RequestedLine> TWO_LINES =
            List.of(new RequestedLine("el", "centos", 2), new RequestedLine("deb", "debian", 1));

    protected ScoredRequest beginProcessing(String id, Instant now) {
        ScoredRequest request = store.newOndemandRequests().stream()
                .filter(r -> r.id().equals(id)).findFirst().orElseThrow();
        store.beginOndemandProcessing(request, store.ondemandRequest(id).orElseThrow().requested(), now);
        return request;
    }

    protected void deliverTo(String requestId, String alias, String pool, String vm) {
        assertThat(store.reservePendingVm(new NewVm(vm, pool, "example.com", T0, requestId, alias))).isTrue();
        assertThat(store.deliverOndemandVm(new OndemandDelivery(pool, vm, requestId, alias, T0,
                Duration.ofSeconds(5), DAY, null, null, null))).isTrue();
    }

    // ================================================================ VM tasks

    // ================================================================ reliability

    // ================================================================ concurrency

    /** Runs {@code body} on {@code threads} platform threads released together; rethrows the first failure. */
    protected static void race(int threads, IntConsumer body) throws Exception {
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

    protected void moveRandomly(List<String> vms, List<VmState> states, int moves) {
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

    protected static List<String> statesViolated(PoolQueues queues, List<String> vms) {
        List<String> violations = new ArrayList<>();
        for (String vm : vms) {
            long in = VmState.EXCLUSIVE.stream().filter(s -> queues.in(s).contains(vm)).count();
            if (in != 1) {
                violations.add(vm + " is in " + in + " states");
            }
        }
        return violations;
    }
}
