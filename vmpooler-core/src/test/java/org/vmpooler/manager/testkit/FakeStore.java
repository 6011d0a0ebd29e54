package org.vmpooler.manager.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.vmpooler.domain.CheckoutRequest;
import org.vmpooler.domain.CheckoutResult;
import org.vmpooler.domain.CloneKind;
import org.vmpooler.domain.DailyStat;
import org.vmpooler.domain.DestroyRequestOutcome;
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
import org.vmpooler.domain.RubyTime;
import org.vmpooler.domain.ScoredRequest;
import org.vmpooler.domain.StatusSnapshot;
import org.vmpooler.domain.TokenRecord;
import org.vmpooler.domain.VmRecord;
import org.vmpooler.domain.VmState;
import org.vmpooler.domain.VmTask;
import org.vmpooler.domain.VmTaskKind;
import org.vmpooler.store.Store;

/**
 * A small, fully synchronized Store holding just what the manager uses, for the manager's tests until the shared
 * in-memory store lands. API-only operations (checkout, tokens, rate limits, status) are not needed here.
 */
public final class FakeStore implements Store {

    private final Clock clock;
    private final Map<String, Map<VmState, Set<String>>> queues = new HashMap<>();
    private final Map<String, Map<String, String>> active = new HashMap<>();
    private final Map<String, Map<String, String>> vms = new HashMap<>();
    private final Map<String, Instant> vmExpiry = new HashMap<>();
    private final Map<CloneKind, Long> slots = new EnumMap<>(CloneKind.class);
    private final Map<PoolOverride, Map<String, String>> overrides = new EnumMap<>(PoolOverride.class);
    private final Map<PoolFlag, Set<String>> flags = new EnumMap<>(PoolFlag.class);
    private final Map<String, String> prepared = new HashMap<>();
    private final Set<String> deltas = new HashSet<>();
    private final Set<String> empty = new HashSet<>();
    private final Map<String, Map<String, String>> stats = new HashMap<>();
    private final Map<String, String> lastBoot = new HashMap<>();
    private final Map<String, Map<String, String>> published = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> requests = new HashMap<>();
    private final Map<String, Long> newRequests = new LinkedHashMap<>();
    private final Map<String, Long> processing = new LinkedHashMap<>();
    private final Map<String, Double> tasks = new LinkedHashMap<>();
    private final Map<String, Set<String>> delivered = new HashMap<>();
    private final Map<VmTaskKind, Deque<String>> vmTasks = new EnumMap<>(VmTaskKind.class);
    private final Map<String, List<String>> deadLetters = new HashMap<>();
    private int migrationsCleared;

    public FakeStore(Clock clock) {
        this.clock = clock;
    }

    private String stamp(Instant t) {
        return RubyTime.format(t, clock.getZone());
    }

    private Set<String> set(String pool, VmState state) {
        return queues.computeIfAbsent(pool, p -> new EnumMap<>(VmState.class))
                .computeIfAbsent(state, s -> new LinkedHashSet<>());
    }

    private Map<String, String> record(String vm) {
        expire(vm);
        return vms.computeIfAbsent(vm, v -> new LinkedHashMap<>());
    }

    private void expire(String vm) {
        Instant at = vmExpiry.get(vm);
        if (at != null && !clock.instant().isBefore(at)) {
            vms.remove(vm);
            vmExpiry.remove(vm);
        }
    }

    // ---------------------------------------------------------------- test helpers

    public synchronized Optional<Instant> expiryOf(String vm) {
        return Optional.ofNullable(vmExpiry.get(vm));
    }

    public synchronized Map<String, String> publishedFields(String pool) {
        return Map.copyOf(published.getOrDefault(pool, Map.of()));
    }

    public synchronized List<String> deadLetters(String queue) {
        return List.copyOf(deadLetters.getOrDefault(queue, List.of()));
    }

    public synchronized int migrationsCleared() {
        return migrationsCleared;
    }

    public synchronized Map<String, Double> taskMembers() {
        return Map.copyOf(tasks);
    }

    // ---------------------------------------------------------------- health

    @Override
    public boolean ping() {
        return true;
    }

    @Override
    public void close() {
    }

    // ---------------------------------------------------------------- pools

    @Override
    public synchronized void publishPools(Map<String, Map<String, String>> pools) {
        published.clear();
        pools.forEach((k, v) -> published.put(k, Map.copyOf(v)));
    }

    @Override
    public synchronized Set<String> publishedPools() {
        return Set.copyOf(published.keySet());
    }

    @Override
    public synchronized Map<String, String> publishedPool(String pool) {
        return publishedFields(pool);
    }

    @Override
    public synchronized Set<String> vms(String pool, VmState state) {
        return Set.copyOf(set(pool, state));
    }

    @Override
    public synchronized long count(String pool, VmState state) {
        return set(pool, state).size();
    }

    @Override
    public synchronized Map<String, PoolCounts> counts(Collection<String> pools) {
        Map<String, PoolCounts> out = new LinkedHashMap<>();
        for (String p : pools) {
            out.put(p, new PoolCounts(count(p, VmState.PENDING), count(p, VmState.READY), count(p, VmState.RUNNING),
                    count(p, VmState.COMPLETED), count(p, VmState.DISCOVERED), count(p, VmState.MIGRATING)));
        }
        return out;
    }

    @Override
    public synchronized PoolQueues queues(String pool) {
        Map<VmState, Set<String>> members = new EnumMap<>(VmState.class);
        for (VmState s : VmState.values()) {
            members.put(s, Set.copyOf(set(pool, s)));
        }
        return new PoolQueues(pool, members, Map.copyOf(active.getOrDefault(pool, Map.of())));
    }

    @Override
    public synchronized boolean add(String pool, String vm, VmState state) {
        return set(pool, state).add(vm);
    }

    @Override
    public synchronized boolean remove(String pool, String vm, VmState state) {
        return set(pool, state).remove(vm);
    }

    @Override
    public synchronized boolean move(String pool, String vm, VmState from, VmState to) {
        if (!set(pool, from).remove(vm)) {
            return false;
        }
        set(pool, to).add(vm);
        return true;
    }

    @Override
    public synchronized List<String> moveAll(String pool, VmState from, VmState to) {
        return moveSome(pool, from, to, Long.MAX_VALUE);
    }

    @Override
    public synchronized List<String> moveSome(String pool, VmState from, VmState to, long max) {
        List<String> moved = new ArrayList<>();
        for (String vm : List.copyOf(set(pool, from))) {
            if (moved.size() >= max) {
                break;
            }
            move(pool, vm, from, to);
            moved.add(vm);
        }
        return moved;
    }

    // ---------------------------------------------------------------- VM records

    @Override
    public synchronized Optional<VmRecord> vm(String name) {
        expire(name);
        Map<String, String> fields = vms.get(name);
        return fields == null || fields.isEmpty() ? Optional.empty() : Optional.of(new VmRecord(name, fields));
    }

    @Override
    public synchronized boolean vmExists(String name) {
        return vm(name).isPresent();
    }

    @Override
    public synchronized void setVmFields(String vm, Map<String, String> fields) {
        record(vm).putAll(fields);
    }

    @Override
    public synchronized void removeVmFields(String vm, Collection<String> fields) {
        record(vm).keySet().removeAll(fields);
    }

    @Override
    public synchronized void expireVm(String vm, Duration ttl) {
        vmExpiry.put(vm, clock.instant().plus(ttl));
    }

    @Override
    public synchronized void deleteVm(String vm) {
        vms.remove(vm);
        vmExpiry.remove(vm);
    }

    @Override
    public synchronized List<String> allVmNames() {
        vms.keySet().forEach(this::expire);
        return List.copyOf(vms.keySet());
    }

    @Override
    public synchronized boolean reservePendingVm(NewVm vm) {
        if (vmExists(vm.name())) {
            return false;
        }
        Map<String, String> r = record(vm.name());
        r.put("clone", stamp(vm.cloneStarted()));
        r.put("template", vm.pool());
        r.put("pool", vm.pool());
        if (vm.domain() != null) {
            r.put("domain", vm.domain());
        }
        if (vm.requestId() != null) {
            r.put("request_id", vm.requestId());
            r.put("pool_alias", vm.poolAlias());
        }
        set(vm.pool(), VmState.PENDING).add(vm.name());
        return true;
    }

    @Override
    public synchronized void recordCloneSuccess(String pool, String vm, Duration cloneTime, String ip, LocalDate day) {
        record(vm).put("clone_time", RubyTime.seconds(cloneTime));
        record(vm).put("ip", ip);
        stats.computeIfAbsent("clone__" + day, k -> new HashMap<>()).put(pool + ":" + vm, RubyTime.seconds(cloneTime));
    }

    @Override
    public synchronized void recordCloneFailure(String pool, String vm, String error, String errorClass, Duration ttl) {
        set(pool, VmState.PENDING).remove(vm);
        record(vm).put("clone_error", error);
        record(vm).put("clone_error_class", errorClass);
        expireVm(vm, ttl);
    }

    @Override
    public synchronized boolean markReady(String pool, String vm, Instant now, Duration bootTime, LocalDate day) {
        if (!move(pool, vm, VmState.PENDING, VmState.READY)) {
            return false;
        }
        booted(pool, vm, now, bootTime, day);
        return true;
    }

    private void booted(String pool, String vm, Instant now, Duration bootTime, LocalDate day) {
        record(vm).put("ready", stamp(now));
        stats.computeIfAbsent("boot__" + day, k -> new HashMap<>()).put(pool + ":" + vm, RubyTime.seconds(bootTime));
        lastBoot.put(pool, stamp(now));
    }

    @Override
    public synchronized boolean deliverOndemandVm(OndemandDelivery d) {
        if (!move(d.pool(), d.vm(), VmState.PENDING, VmState.RUNNING)) {
            return false;
        }
        Map<String, String> r = record(d.vm());
        r.put("checkout", stamp(d.now()));
        active.computeIfAbsent(d.pool(), p -> new HashMap<>()).put(d.vm(), stamp(d.now()));
        if (d.token() != null) {
            r.put("token:token", d.token());
            r.put("token:user", d.tokenUser());
        }
        if (d.lifetimeHours() != null) {
            r.put("lifetime", d.lifetimeHours().toString());
        }
        booted(d.pool(), d.vm(), d.now(), d.bootTime(), d.day());
        delivered.computeIfAbsent(d.requestId() + "__" + d.poolAlias() + "__" + d.pool(), k -> new LinkedHashSet<>())
                .add(d.vm());
        return true;
    }

    @Override
    public synchronized void markDestroying(String pool, String vm, Instant now, Duration ttl) {
        active.getOrDefault(pool, new HashMap<>()).remove(vm);
        record(vm).put("destroy", stamp(now));
        expireVm(vm, ttl);
    }

    @Override
    public synchronized void finishDestroy(String pool, String vm) {
        set(pool, VmState.COMPLETED).remove(vm);
    }

    @Override
    public synchronized void forgetVm(String pool, String vm, VmState state, Duration ttl) {
        set(pool, state).remove(vm);
        active.getOrDefault(pool, new HashMap<>()).remove(vm);
        if (vms.containsKey(vm)) {
            expireVm(vm, ttl);
        }
    }

    // ---------------------------------------------------------------- API-side operations the manager never calls

    @Override
    public synchronized CheckoutResult checkout(CheckoutRequest request) {
        List<CheckoutResult.Grant> grants = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (var line : request.lines()) {
            for (int i = 0; i < line.count(); i++) {
                Optional<CheckoutResult.Grant> grant = line.candidatePools().stream()
                        .flatMap(p -> set(p, VmState.READY).stream().filter(vm -> !taken.contains(vm))
                                .map(vm -> new CheckoutResult.Grant(line.requested(), vm, p)))
                        .findFirst();
                if (grant.isEmpty()) {
                    return new CheckoutResult.Unavailable(line.requested());
                }
                taken.add(grant.get().vm());
                grants.add(grant.get());
            }
        }
        for (var g : grants) {
            move(g.pool(), g.vm(), VmState.READY, VmState.RUNNING);
            active.computeIfAbsent(g.pool(), p -> new HashMap<>()).put(g.vm(), stamp(request.now()));
            Map<String, String> r = record(g.vm());
            r.put("checkout", stamp(request.now()));
            if (request.token() != null) {
                r.put("token:token", request.token());
                r.put("token:user", request.tokenUser());
            }
            if (request.lifetimeHours() != null) {
                r.put("lifetime", request.lifetimeHours().toString());
            }
            if (request.queueMigration()) {
                set(g.pool(), VmState.MIGRATING).add(g.vm());
            }
        }
        return new CheckoutResult.Granted(grants);
    }

    @Override
    public synchronized DestroyRequestOutcome requestDestroy(String vm) {
        for (var entry : queues.entrySet()) {
            if (entry.getValue().getOrDefault(VmState.RUNNING, Set.of()).contains(vm)) {
                move(entry.getKey(), vm, VmState.RUNNING, VmState.COMPLETED);
                set(entry.getKey(), VmState.MIGRATING).remove(vm);
                return DestroyRequestOutcome.QUEUED;
            }
        }
        return vmExists(vm) ? DestroyRequestOutcome.NOT_RUNNING : DestroyRequestOutcome.UNKNOWN;
    }

    @Override
    public synchronized void setLifetime(String vm, int hours) {
        record(vm).put("lifetime", Integer.toString(hours));
    }

    @Override
    public void setTags(String vm, Map<String, String> tags, LocalDate day) {
        throw new UnsupportedOperationException("API only");
    }

    // ---------------------------------------------------------------- clone slots

    @Override
    public synchronized boolean tryAcquireCloneSlot(CloneKind kind, int limit) {
        long used = slots.getOrDefault(kind, 0L);
        if (used >= limit) {
            return false;
        }
        slots.put(kind, used + 1);
        return true;
    }

    @Override
    public synchronized void releaseCloneSlot(CloneKind kind) {
        slots.put(kind, Math.max(0, slots.getOrDefault(kind, 0L) - 1));
    }

    @Override
    public synchronized long cloneSlotsInUse(CloneKind kind) {
        return slots.getOrDefault(kind, 0L);
    }

    @Override
    public synchronized void resetCloneSlots() {
        slots.clear();
    }

    // ---------------------------------------------------------------- overrides and flags

    @Override
    public synchronized Map<String, String> overrides(PoolOverride kind) {
        return Map.copyOf(overrides.getOrDefault(kind, Map.of()));
    }

    @Override
    public synchronized Optional<String> override(PoolOverride kind, String pool) {
        return Optional.ofNullable(overrides.getOrDefault(kind, Map.of()).get(pool));
    }

    @Override
    public synchronized void setOverride(PoolOverride kind, String pool, String value) {
        overrides.computeIfAbsent(kind, k -> new HashMap<>()).put(pool, value);
    }

    @Override
    public synchronized boolean clearOverride(PoolOverride kind, String pool) {
        return overrides.getOrDefault(kind, new HashMap<>()).remove(pool) != null;
    }

    @Override
    public synchronized void raiseFlag(PoolFlag flag, String pool) {
        flags.computeIfAbsent(flag, f -> new HashSet<>()).add(pool);
    }

    @Override
    public synchronized boolean hasFlag(PoolFlag flag, String pool) {
        return flags.getOrDefault(flag, Set.of()).contains(pool);
    }

    @Override
    public synchronized boolean takeFlag(PoolFlag flag, String pool) {
        return flags.getOrDefault(flag, new HashSet<>()).remove(pool);
    }

    @Override
    public synchronized Optional<String> preparedTemplate(String pool) {
        return Optional.ofNullable(prepared.get(pool));
    }

    @Override
    public synchronized Map<String, String> preparedTemplates() {
        return Map.copyOf(prepared);
    }

    @Override
    public synchronized void setPreparedTemplate(String pool, String template) {
        prepared.put(pool, template);
    }

    @Override
    public synchronized boolean hasTemplateDeltas(String template) {
        return deltas.contains(template);
    }

    @Override
    public synchronized void addTemplateDeltas(String template) {
        deltas.add(template);
    }

    @Override
    public synchronized boolean markPoolEmpty(String pool, boolean isEmpty) {
        return isEmpty ? empty.add(pool) : empty.remove(pool);
    }

    // ---------------------------------------------------------------- statistics

    @Override
    public synchronized Map<String, String> dailyStats(DailyStat stat, LocalDate day) {
        return Map.copyOf(stats.getOrDefault(stat.name().toLowerCase() + "__" + day, Map.of()));
    }

    @Override
    public synchronized Map<String, String> lastBoots() {
        return Map.copyOf(lastBoot);
    }

    @Override
    public StatusSnapshot statusSnapshot(Collection<String> pools, LocalDate day) {
        throw new UnsupportedOperationException("API only");
    }

    // ---------------------------------------------------------------- tokens (API only)

    @Override
    public void createToken(String token, String user, Instant created) {
        throw new UnsupportedOperationException("API only");
    }

    @Override
    public Optional<TokenRecord> token(String token) {
        throw new UnsupportedOperationException("API only");
    }

    @Override
    public Optional<TokenRecord> useToken(String token, Instant now) {
        throw new UnsupportedOperationException("API only");
    }

    @Override
    public boolean deleteToken(String token) {
        throw new UnsupportedOperationException("API only");
    }

    @Override
    public List<TokenRecord> tokensOf(String user) {
        throw new UnsupportedOperationException("API only");
    }

    @Override
    public List<String> runningVmsOfToken(String token, Collection<String> pools) {
        throw new UnsupportedOperationException("API only");
    }

    // ---------------------------------------------------------------- on-demand

    @Override
    public synchronized boolean createOndemandRequest(String id, List<RequestedLine> requested, String token,
                                                      String tokenUser, Instant now) {
        if (requests.containsKey(id)) {
            return false;
        }
        Map<String, String> r = new LinkedHashMap<>();
        r.put("requested", RequestedLine.formatAll(requested));
        if (token != null) {
            r.put("token:token", token);
            r.put("token:user", tokenUser);
        }
        requests.put(id, r);
        newRequests.put(id, now.getEpochSecond());
        return true;
    }

    @Override
    public synchronized Optional<OndemandRequest> ondemandRequest(String id) {
        Map<String, String> r = requests.get(id);
        return r == null ? Optional.empty() : Optional.of(new OndemandRequest(id, r));
    }

    @Override
    public synchronized List<ScoredRequest> newOndemandRequests() {
        return scored(newRequests);
    }

    private static List<ScoredRequest> scored(Map<String, Long> queue) {
        return queue.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .map(e -> new ScoredRequest(e.getKey(), e.getValue())).toList();
    }

    @Override
    public synchronized void discardNewOndemandRequest(String id) {
        newRequests.remove(id);
    }

    @Override
    public synchronized void beginOndemandProcessing(ScoredRequest request, List<RequestedLine> lines, Instant now) {
        for (RequestedLine l : lines) {
            tasks.put(new OndemandTask(l.alias(), l.pool(), l.count(), request.id(), 0).member(),
                    (double) now.getEpochSecond());
        }
        newRequests.remove(request.id());
        processing.put(request.id(), request.createdEpochSeconds());
    }

    @Override
    public synchronized List<OndemandTask> ondemandTasks() {
        return tasks.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .map(e -> OndemandTask.parse(e.getKey(), e.getValue())).toList();
    }

    @Override
    public synchronized boolean takeOndemandTask(OndemandTask task, int granted) {
        Double score = tasks.remove(task.member());
        if (score == null) {
            return false;
        }
        if (granted < task.count()) {
            tasks.put(new OndemandTask(task.alias(), task.pool(), task.count() - granted, task.requestId(), score).member(),
                    score);
        }
        return true;
    }

    @Override
    public synchronized void queueOndemandRetry(String requestId, String alias, String pool) {
        Optional<OndemandTask> existing = ondemandTasks().stream()
                .filter(t -> t.score() == OndemandTask.RETRY_SCORE && t.requestId().equals(requestId)
                        && t.alias().equals(alias) && t.pool().equals(pool))
                .findFirst();
        int count = 1;
        if (existing.isPresent()) {
            tasks.remove(existing.get().member());
            count += existing.get().count();
        }
        tasks.put(new OndemandTask(alias, pool, count, requestId, OndemandTask.RETRY_SCORE).member(),
                OndemandTask.RETRY_SCORE);
    }

    @Override
    public synchronized List<ScoredRequest> processingOndemandRequests() {
        return scored(processing);
    }

    @Override
    public synchronized long incrementOndemandRetries(String requestId) {
        Map<String, String> r = requests.get(requestId);
        long next = Long.parseLong(r.getOrDefault("retry_count", "0")) + 1;
        r.put("retry_count", Long.toString(next));
        return next;
    }

    @Override
    public synchronized Set<String> deliveredVms(String requestId, String alias, String pool) {
        return Set.copyOf(delivered.getOrDefault(requestId + "__" + alias + "__" + pool, Set.of()));
    }

    @Override
    public synchronized void completeOndemandRequest(String requestId) {
        requests.get(requestId).put("status", "ready");
        processing.remove(requestId);
    }

    @Override
    public synchronized void failOndemandRequest(String requestId, String reason, Duration ttl) {
        processing.remove(requestId);
        tasks.keySet().removeIf(m -> m.endsWith(":" + requestId));
        Map<String, String> r = requests.computeIfAbsent(requestId, k -> new LinkedHashMap<>());
        r.put("status", "failed");
        if (reason != null) {
            r.put("failure_reason", reason);
        }
        retireDelivered(requestId);
    }

    private void retireDelivered(String requestId) {
        delivered.forEach((key, members) -> {
            if (key.startsWith(requestId + "__")) {
                String pool = key.substring(key.lastIndexOf("__") + 2);
                members.forEach(vm -> move(pool, vm, VmState.RUNNING, VmState.COMPLETED));
            }
        });
    }

    @Override
    public synchronized OndemandDeleteOutcome deleteOndemandRequest(String requestId) {
        Map<String, String> r = requests.get(requestId);
        if (r == null) {
            return OndemandDeleteOutcome.NOT_FOUND;
        }
        if ("deleted".equals(r.get("status"))) {
            return OndemandDeleteOutcome.ALREADY_DELETED;
        }
        r.put("status", "deleted");
        retireDelivered(requestId);
        delivered.keySet().removeIf(k -> k.startsWith(requestId + "__"));
        newRequests.remove(requestId);
        processing.remove(requestId);
        return OndemandDeleteOutcome.DELETED;
    }

    // ---------------------------------------------------------------- VM tasks

    @Override
    public synchronized void queueVmTask(VmTask task) {
        vmTasks.computeIfAbsent(task.kind(), k -> new ArrayDeque<>()).add(task.member());
    }

    @Override
    public synchronized Optional<VmTask> claimVmTask(VmTaskKind kind) {
        String member = vmTasks.getOrDefault(kind, new ArrayDeque<>()).poll();
        return Optional.ofNullable(member).map(m -> VmTask.parse(kind, m));
    }

    @Override
    public synchronized long queuedVmTasks(VmTaskKind kind) {
        return vmTasks.getOrDefault(kind, new ArrayDeque<>()).size();
    }

    // ---------------------------------------------------------------- reliability

    @Override
    public synchronized void addDeadLetter(String queue, String entry, long epochSeconds, int maxEntries, Duration ttl) {
        List<String> q = deadLetters.computeIfAbsent(queue, k -> new ArrayList<>());
        q.add(entry);
        while (q.size() > maxEntries) {
            q.remove(0);
        }
    }

    @Override
    public synchronized long deadLetterCount(String queue) {
        return deadLetters.getOrDefault(queue, List.of()).size();
    }

    @Override
    public void writeHealth(Map<String, String> fields, Duration ttl) {
        throw new UnsupportedOperationException("not used by these tests");
    }

    @Override
    public Map<String, String> health() {
        throw new UnsupportedOperationException("not used by these tests");
    }

    @Override
    public synchronized void clearMigrations() {
        migrationsCleared++;
    }

    @Override
    public RateCount hitRateLimit(String endpointClass, String client, Duration period) {
        throw new UnsupportedOperationException("API only");
    }
}
