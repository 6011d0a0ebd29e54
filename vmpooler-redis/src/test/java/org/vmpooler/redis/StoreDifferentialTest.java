package org.vmpooler.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vmpooler.domain.BootedVm;
import org.vmpooler.domain.CheckoutLine;
import org.vmpooler.domain.CheckoutRequest;
import org.vmpooler.domain.CloneKind;
import org.vmpooler.domain.ClonedVm;
import org.vmpooler.domain.DailyStat;
import org.vmpooler.domain.NewVm;
import org.vmpooler.domain.OndemandDelivery;
import org.vmpooler.domain.OndemandTask;
import org.vmpooler.domain.PoolFlag;
import org.vmpooler.domain.PoolOverride;
import org.vmpooler.domain.PoolQueues;
import org.vmpooler.domain.RequestedLine;
import org.vmpooler.domain.ScoredRequest;
import org.vmpooler.domain.UntokenedGiveBack;
import org.vmpooler.domain.VmState;
import org.vmpooler.store.InMemoryStore;
import org.vmpooler.store.Store;
import org.vmpooler.testing.MutableClock;

/**
 * Drives the in-memory and the Redis store with the same random sequence of operations and compares every answer
 * and, after each step, everything either store shows of pools, VMs, on-demand requests, slots, overrides and
 * statistics. The contract suite states the rules one by one; this finds the cases nobody thought to state.
 * The seed is fixed so CI is repeatable, and printed with the failing step so a failure can be replayed
 * ({@code -Dvmpooler.differential.seed=N}, {@code -Dvmpooler.differential.steps=N}).
 */
class StoreDifferentialTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Kolkata");
    private static final LocalDate DAY = LocalDate.of(2026, 3, 19);
    private static final Duration TTL = Duration.ofHours(168);
    private static final List<String> POOLS = List.of("centos", "debian");
    private static final List<String> ALIASES = List.of("el", "deb");
    private static final List<String> REQUESTS = List.of("req-0", "req-1", "req-2");
    private static final List<String> TOKENS = List.of("tok-0", "tok-1");

    @RegisterExtension
    final RedisStores redis = new RedisStores();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-19T06:40:59Z"), ZONE);
    private final List<String> vms = new ArrayList<>();

    @Test
    void bothStoresAnswerAndShowTheSameForTheSameOperations() {
        long seed = Long.getLong("vmpooler.differential.seed", 20261205L);
        int steps = Integer.getInteger("vmpooler.differential.steps", 1500);
        for (int i = 0; i < 12; i++) {
            vms.add("vm" + i);
        }
        SplittableRandom random = new SplittableRandom(seed);
        try (Store memory = new InMemoryStore(clock); Store redisStore = redis.connect(clock)) {
            List<String> history = new ArrayList<>();
            for (int step = 1; step <= steps; step++) {
                Operation op = next(random, memory);
                history.add(op.name());
                String inMemory = op.apply(memory);
                String inRedis = op.apply(redisStore);
                String where = "seed " + seed + ", step " + step + " (" + op.name() + "); the last steps: "
                        + history.subList(Math.max(0, history.size() - 8), history.size());
                assertThat(inRedis).as("answer at " + where).isEqualTo(inMemory);
                assertThat(differences(observe(memory), observe(redisStore)))
                        .as("what the stores show after " + where + " (in memory | Redis)").isEmpty();
                clock.advance(Duration.ofSeconds(random.nextInt(0, 4)));
            }
        }
    }

    private record Operation(String name, Function<Store, Object> action) {
        String apply(Store store) {
            return String.valueOf(action.apply(store));
        }
    }

    private Operation next(SplittableRandom r, Store reference) {
        String pool = pick(r, POOLS);
        String vm = pick(r, vms);
        String request = pick(r, REQUESTS);
        Instant now = clock.instant();
        return switch (r.nextInt(24)) {
            case 0, 1, 2 -> new Operation("reserve " + vm + " in " + pool,
                    s -> s.reservePendingVm(NewVm.forPool(vm, pool, "example.com", now)));
            case 3 -> {
                String alias = pick(r, ALIASES);
                yield new Operation("reserve " + vm + " for " + request,
                        s -> s.reservePendingVm(new NewVm(vm, pool, "example.com", now, request, alias)));
            }
            case 4 -> new Operation("ready " + vm,
                    s -> s.markReady(pool, List.of(new BootedVm(vm, Duration.ofMillis(12_340))), now, DAY));
            case 5 -> {
                String other = pick(r, vms);
                yield new Operation("ready " + vm + " and " + other, s -> s.markReady(pool,
                        List.of(new BootedVm(vm, Duration.ofMillis(12_340)), new BootedVm(other, Duration.ofSeconds(3))),
                        now, DAY));
            }
            case 6 -> {
                String other = pick(r, vms);
                yield new Operation("clone success " + vm + " and " + other, s -> run(() -> s.recordCloneSuccess(
                        List.of(new ClonedVm(pool, vm, Duration.ofMillis(5_120), "10.0.0.1"),
                                new ClonedVm(pool, other, Duration.ofSeconds(2), null)), DAY)));
            }
            case 7 -> new Operation("clone failure " + vm,
                    s -> run(() -> s.recordCloneFailure(pool, vm, "boom", "ProviderException", TTL)));
            case 8 -> {
                VmState from = pick(r, List.of(VmState.values()));
                VmState to = pick(r, List.of(VmState.values()));
                yield new Operation("move " + vm + " " + from + "→" + to, s -> s.move(pool, vm, from, to));
            }
            case 9 -> {
                VmState state = pick(r, List.of(VmState.values()));
                yield r.nextBoolean() ? new Operation("add " + vm + " " + state, s -> s.add(pool, vm, state))
                        : new Operation("remove " + vm + " " + state, s -> s.remove(pool, vm, state));
            }
            case 10, 11 -> checkout(r, reference, now);
            case 12 -> new Operation("give back " + vm, s -> s.requestDestroy(vm));
            case 13 -> new Operation("give back without token " + vm, s -> switch (s.giveBackUntokened(vm)) {
                case UntokenedGiveBack.TokenHeld held -> held;
                // The record's fields in sorted order: only content counts.
                case UntokenedGiveBack.Requested(var outcome, var record) ->
                        outcome + " " + record.map(v -> new TreeMap<>(v.fields()));
            });
            case 14 -> {
                List<String> doomed = List.of(vm, pick(r, vms));
                yield new Operation("destroy " + doomed, s -> run(() -> {
                    s.markDestroying(pool, doomed, now, TTL);
                    s.finishDestroy(pool, doomed);
                }));
            }
            case 15 -> {
                VmState state = pick(r, VmState.EXCLUSIVE);
                yield new Operation("forget " + vm + " from " + state, s -> run(() -> s.forgetVm(pool, vm, state, TTL)));
            }
            case 16 -> r.nextBoolean() ? new Operation("lifetime " + vm, s -> run(() -> s.setLifetime(vm, 12)))
                    : new Operation("tag " + vm, s -> run(() -> s.setTags(vm, Map.of("project", "x"), DAY)));
            case 17 -> {
                String token = r.nextBoolean() ? pick(r, TOKENS) : null;
                String user = token != null && r.nextBoolean() ? "alice" : null;
                int count = r.nextInt(1, 3);
                yield new Operation("create request " + request, s -> s.createOndemandRequest(request,
                        List.of(new RequestedLine(ALIASES.get(POOLS.indexOf(pool)), pool, count)), token, user, now));
            }
            case 18 -> new Operation("begin new requests", s -> {
                List<ScoredRequest> fresh = s.newOndemandRequests();
                for (ScoredRequest scored : fresh) {
                    s.ondemandRequest(scored.id()).ifPresent(req -> s.beginOndemandProcessing(scored,
                            req.requested(), now));
                }
                return fresh;
            });
            case 19 -> new Operation("take tasks", s -> {
                List<String> taken = new ArrayList<>();
                for (OndemandTask task : s.ondemandTasks()) {
                    taken.add(task + "=" + s.takeOndemandTask(task, 1));
                }
                return taken;
            });
            case 20 -> {
                String token = r.nextBoolean() ? pick(r, TOKENS) : null;
                String alias = ALIASES.get(POOLS.indexOf(pool));
                yield new Operation("deliver " + vm + " to " + request, s -> s.deliverOndemandVm(new OndemandDelivery(
                        pool, vm, request, alias, now, Duration.ofSeconds(3), DAY, token, token == null ? null : "bob",
                        null)));
            }
            case 21 -> switch (r.nextInt(4)) {
                case 0 -> new Operation("complete " + request, s -> run(() -> s.completeOndemandRequest(request)));
                case 1 -> new Operation("fail " + request,
                        s -> run(() -> s.failOndemandRequest(request, "reason " + now.getEpochSecond(), TTL)));
                case 2 -> new Operation("delete " + request, s -> s.deleteOndemandRequest(request));
                default -> new Operation("retry " + request, s -> run(() -> s.queueOndemandRetry(request,
                        ALIASES.get(POOLS.indexOf(pool)), pool)));
            };
            case 22 -> switch (r.nextInt(4)) {
                case 0 -> {
                    int wanted = r.nextInt(1, 4);
                    yield new Operation("acquire " + wanted + " slots",
                            s -> s.tryAcquireCloneSlots(CloneKind.POOL, wanted, 3, "manager-1"));
                }
                case 1 -> {
                    int count = r.nextInt(1, 3);
                    yield new Operation("release " + count + " slots",
                            s -> run(() -> s.releaseCloneSlots(CloneKind.POOL, count, "manager-1")));
                }
                case 2 -> {
                    String size = Integer.toString(r.nextInt(0, 9));
                    yield new Operation("override " + pool, s -> run(() -> s.setOverride(PoolOverride.SIZE, pool,
                            size)));
                }
                default -> new Operation("flag " + pool, s -> s.takeFlag(PoolFlag.RESET, pool));
            };
            default -> new Operation("move all " + pool,
                    s -> new TreeSet<>(s.moveAll(pool, VmState.COMPLETED, VmState.PENDING)));
        };
    }

    /**
     * Which ready VM a checkout takes is unspecified, so the two stores may take different ones: ask for all of a
     * pool's ready VMs (the same set in both) or one more than it has (nothing in either).
     */
    private Operation checkout(SplittableRandom r, Store reference, Instant now) {
        String pool = pick(r, POOLS);
        int count = (int) reference.count(pool, VmState.READY) + (r.nextInt(4) == 0 ? 1 : 0);
        String token = r.nextBoolean() ? pick(r, TOKENS) : null;
        String user = token != null && r.nextBoolean() ? "alice" : null;
        Integer lifetime = r.nextBoolean() ? 2 : null;
        boolean migrate = r.nextBoolean();
        CheckoutRequest request = new CheckoutRequest(List.of(new CheckoutLine(pool, List.of(pool), Math.max(1, count))),
                now, token, user, lifetime, migrate);
        return new Operation("check out " + Math.max(1, count) + " of " + pool, s -> {
            var result = s.checkout(request);
            return result instanceof org.vmpooler.domain.CheckoutResult.Granted granted
                    ? new TreeSet<>(granted.grants().stream().map(g -> g.vm()).toList()) : result;
        });
    }

    /** Everything observable, in sorted collections so that only content counts. */
    private Map<String, Object> observe(Store s) {
        Map<String, Object> seen = new TreeMap<>();
        for (String pool : POOLS) {
            PoolQueues queues = s.queues(pool);
            for (VmState state : VmState.values()) {
                seen.put(pool + " " + state, new TreeSet<>(queues.in(state)));
            }
            seen.put(pool + " active", new TreeMap<>(queues.active()));
            seen.put(pool + " size override", s.poolRuntime(pool).override(PoolOverride.SIZE));
        }
        for (String vm : vms) {
            seen.put("vm " + vm, s.vm(vm).map(v -> new TreeMap<>(v.fields())));
        }
        for (String request : REQUESTS) {
            seen.put("request " + request, s.ondemandRequest(request).map(q -> new TreeMap<>(q.fields())));
            for (int i = 0; i < POOLS.size(); i++) {
                seen.put("delivered " + request + " " + POOLS.get(i),
                        new TreeSet<>(s.deliveredVms(request, ALIASES.get(i), POOLS.get(i))));
            }
        }
        seen.put("new requests", s.newOndemandRequests().stream().map(ScoredRequest::id).sorted().toList());
        seen.put("processing", s.processingOndemandRequests().stream().map(ScoredRequest::id).sorted().toList());
        seen.put("tasks", s.ondemandTasks().stream().map(OndemandTask::toString).sorted().toList());
        seen.put("slots", s.cloneSlotsInUse(CloneKind.POOL));
        seen.put("last boots", new TreeMap<>(s.statusSnapshot(POOLS, DAY).lastBoot()));
        for (DailyStat stat : DailyStat.values()) {
            seen.put("stat " + stat, new TreeMap<>(s.dailyStats(stat, DAY)));
        }
        for (String token : TOKENS) {
            seen.put("running of " + token, new TreeSet<>(s.runningVmsOfToken(token, POOLS)));
        }
        return seen;
    }

    private static Map<String, String> differences(Map<String, Object> memory, Map<String, Object> redisStore) {
        Map<String, String> differ = new TreeMap<>();
        memory.forEach((key, value) -> {
            if (!value.equals(redisStore.get(key))) {
                differ.put(key, value + " | " + redisStore.get(key));
            }
        });
        return differ;
    }

    private static Object run(Runnable action) {
        action.run();
        return "done";
    }

    private static <T> T pick(SplittableRandom r, List<T> from) {
        return from.get(r.nextInt(from.size()));
    }
}
