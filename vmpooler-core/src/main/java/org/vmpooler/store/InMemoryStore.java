package org.vmpooler.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.domain.CheckoutLine;
import org.vmpooler.domain.CheckoutRequest;
import org.vmpooler.domain.CheckoutResult;
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
import org.vmpooler.domain.RubyTime;
import org.vmpooler.domain.ScoredRequest;
import org.vmpooler.domain.StatusSnapshot;
import org.vmpooler.domain.TokenRecord;
import org.vmpooler.domain.VmRecord;
import org.vmpooler.domain.VmRecord.Field;
import org.vmpooler.domain.VmState;
import org.vmpooler.domain.VmTask;
import org.vmpooler.domain.VmTaskKind;

/**
 * The embedded {@link Store}: everything in this process's memory, lost at exit. It keeps the data exactly as
 * the reference keeps it in Redis (same keys, same types, same value formats; see {@link Keys}) so that it
 * behaves like the Redis store in every observable way. One lock makes each method atomic; expiry follows
 * the injected clock, whose zone also formats the stored times.
 */
public final class InMemoryStore implements Store {
    private static final Logger LOG = LoggerFactory.getLogger(InMemoryStore.class);

    private final ZoneId zone;
    private final Keyspace keys;
    private final OndemandRequests ondemand;
    private final ReentrantLock lock = new ReentrantLock();

    public InMemoryStore(Clock clock) {
        Objects.requireNonNull(clock, "clock");
        this.zone = clock.getZone();
        this.keys = new Keyspace(clock);
        this.ondemand = new OndemandRequests(keys);
    }

    private <T> T atomically(Supplier<T> operation) {
        lock.lock();
        try {
            keys.expireDue();
            return operation.get();
        } finally {
            lock.unlock();
        }
    }

    private void atomicallyRun(Runnable operation) {
        atomically(() -> {
            operation.run();
            return null;
        });
    }

    private String time(Instant instant) {
        return RubyTime.format(instant, zone);
    }

    // ---------------------------------------------------------------- health

    @Override
    public boolean ping() {
        return true;
    }

    @Override
    public void close() {
        // nothing to release: the data lives and dies with this object
    }

    // ---------------------------------------------------------------- pool registry

    @Override
    public void publishPools(Map<String, Map<String, String>> pools) {
        Map<String, Map<String, String>> checked = new LinkedHashMap<>();
        pools.forEach((pool, fields) -> checked.put(pool, checkedFields(fields, "pool " + pool)));
        atomicallyRun(() -> {
            for (String old : keys.smembers(Keys.POOLS)) {
                if (!checked.containsKey(old)) {
                    keys.srem(Keys.POOLS, old);
                    keys.del(Keys.pool(old));
                }
            }
            checked.forEach((pool, fields) -> {
                keys.sadd(Keys.POOLS, pool);
                keys.del(Keys.pool(pool));
                keys.hsetAll(Keys.pool(pool), fields);
            });
        });
    }

    @Override
    public Set<String> publishedPools() {
        return atomically(() -> keys.smembers(Keys.POOLS));
    }

    @Override
    public Map<String, String> publishedPool(String pool) {
        return atomically(() -> keys.hgetAll(Keys.pool(pool)));
    }

    // ---------------------------------------------------------------- queues

    @Override
    public Set<String> vms(String pool, VmState state) {
        return atomically(() -> keys.smembers(Keys.queue(state, pool)));
    }

    @Override
    public long count(String pool, VmState state) {
        return atomically(() -> keys.scard(Keys.queue(state, pool)));
    }

    @Override
    public Map<String, PoolCounts> counts(Collection<String> pools) {
        return atomically(() -> countsOf(pools));
    }

    private Map<String, PoolCounts> countsOf(Collection<String> pools) {
        Map<String, PoolCounts> result = new LinkedHashMap<>();
        for (String pool : pools) {
            result.put(pool, new PoolCounts(
                    keys.scard(Keys.queue(VmState.PENDING, pool)),
                    keys.scard(Keys.queue(VmState.READY, pool)),
                    keys.scard(Keys.queue(VmState.RUNNING, pool)),
                    keys.scard(Keys.queue(VmState.COMPLETED, pool)),
                    keys.scard(Keys.queue(VmState.DISCOVERED, pool)),
                    keys.scard(Keys.queue(VmState.MIGRATING, pool))));
        }
        return result;
    }

    @Override
    public PoolQueues queues(String pool) {
        return atomically(() -> {
            Map<VmState, Set<String>> members = new EnumMap<>(VmState.class);
            for (VmState state : VmState.values()) {
                members.put(state, keys.smembers(Keys.queue(state, pool)));
            }
            return new PoolQueues(pool, members, keys.hgetAll(Keys.active(pool)));
        });
    }

    @Override
    public boolean add(String pool, String vm, VmState state) {
        return atomically(() -> keys.sadd(Keys.queue(state, pool), vm));
    }

    @Override
    public boolean remove(String pool, String vm, VmState state) {
        return atomically(() -> keys.srem(Keys.queue(state, pool), vm));
    }

    @Override
    public boolean move(String pool, String vm, VmState from, VmState to) {
        return atomically(() -> keys.smove(Keys.queue(from, pool), Keys.queue(to, pool), vm));
    }

    @Override
    public List<String> moveAll(String pool, VmState from, VmState to) {
        return moveSome(pool, from, to, Long.MAX_VALUE);
    }

    @Override
    public List<String> moveSome(String pool, VmState from, VmState to, long max) {
        return atomically(() -> {
            List<String> moved = new ArrayList<>();
            for (String vm : keys.smembers(Keys.queue(from, pool))) {
                if (moved.size() >= max) {
                    break;
                }
                keys.smove(Keys.queue(from, pool), Keys.queue(to, pool), vm);
                moved.add(vm);
            }
            return moved;
        });
    }

    // ---------------------------------------------------------------- VM records

    @Override
    public Optional<VmRecord> vm(String name) {
        return atomically(() -> {
            Map<String, String> fields = keys.hgetAll(Keys.vm(name));
            return fields.isEmpty() ? Optional.empty() : Optional.of(new VmRecord(name, fields));
        });
    }

    @Override
    public boolean vmExists(String name) {
        return atomically(() -> keys.exists(Keys.vm(name)));
    }

    @Override
    public void setVmFields(String vm, Map<String, String> fields) {
        Map<String, String> checked = checkedFields(fields, "VM " + vm);
        atomicallyRun(() -> keys.hsetAll(Keys.vm(vm), checked));
    }

    @Override
    public void removeVmFields(String vm, Collection<String> fields) {
        atomicallyRun(() -> fields.forEach(field -> keys.hdel(Keys.vm(vm), field)));
    }

    @Override
    public void expireVm(String vm, Duration ttl) {
        atomicallyRun(() -> keys.expire(Keys.vm(vm), ttl));
    }

    @Override
    public void deleteVm(String vm) {
        atomicallyRun(() -> keys.del(Keys.vm(vm)));
    }

    @Override
    public List<String> allVmNames() {
        return atomically(() -> keys.keysWithPrefix(Keys.VM_PREFIX).stream()
                .map(key -> key.substring(Keys.VM_PREFIX.length())).sorted().toList());
    }

    @Override
    public boolean reservePendingVm(NewVm vm) {
        return atomically(() -> {
            String key = Keys.vm(vm.name());
            if (keys.exists(key)) {
                return false;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put(Field.CLONE, time(vm.cloneStarted()));
            fields.put(Field.TEMPLATE, vm.pool());
            fields.put(Field.POOL, vm.pool());
            putIfGiven(fields, Field.DOMAIN, vm.domain());
            putIfGiven(fields, Field.REQUEST_ID, vm.requestId());
            putIfGiven(fields, Field.POOL_ALIAS, vm.poolAlias());
            keys.hsetAll(key, fields);
            keys.sadd(Keys.queue(VmState.PENDING, vm.pool()), vm.name());
            return true;
        });
    }

    @Override
    public void recordCloneSuccess(String pool, String vm, Duration cloneTime, String ip, LocalDate day) {
        String seconds = RubyTime.seconds(cloneTime);
        atomicallyRun(() -> {
            keys.hset(Keys.dailyStat(DailyStat.CLONE, day), pool + ":" + vm, seconds);
            // A record that vanished meanwhile is not re-created: it would never expire and keep the name taken.
            if (keys.exists(Keys.vm(vm))) {
                keys.hset(Keys.vm(vm), Field.CLONE_TIME, seconds);
                if (ip != null) {
                    keys.hset(Keys.vm(vm), Field.IP, ip);
                }
            }
        });
    }

    @Override
    public void recordCloneFailure(String pool, String vm, String error, String errorClass, Duration ttl) {
        atomicallyRun(() -> {
            keys.srem(Keys.queue(VmState.PENDING, pool), vm);
            if (keys.exists(Keys.vm(vm))) {
                keys.hset(Keys.vm(vm), Field.CLONE_ERROR, Objects.toString(error, ""));
                keys.hset(Keys.vm(vm), Field.CLONE_ERROR_CLASS, Objects.toString(errorClass, ""));
                keys.expire(Keys.vm(vm), ttl);
            }
        });
    }

    @Override
    public boolean markReady(String pool, String vm, Instant now, Duration bootTime, LocalDate day) {
        return atomically(() -> {
            if (!keys.smove(Keys.queue(VmState.PENDING, pool), Keys.queue(VmState.READY, pool), vm)) {
                return false;
            }
            recordBoot(pool, vm, now, bootTime, day);
            return true;
        });
    }

    private void recordBoot(String pool, String vm, Instant now, Duration bootTime, LocalDate day) {
        keys.hset(Keys.vm(vm), Field.READY, time(now));
        keys.hset(Keys.dailyStat(DailyStat.BOOT, day), pool + ":" + vm, RubyTime.seconds(bootTime));
        keys.hset(Keys.LASTBOOT, pool, time(now));
    }

    @Override
    public boolean deliverOndemandVm(OndemandDelivery d) {
        return atomically(() -> {
            String pending = Keys.queue(VmState.PENDING, d.pool());
            if (!keys.sismember(pending, d.vm())) {
                return false;
            }
            if (!ondemand.inProgress(d.requestId())) {
                // Checked here, not by the caller, so a request deleted a moment ago cannot still receive the VM.
                keys.smove(pending, Keys.queue(VmState.COMPLETED, d.pool()), d.vm());
                LOG.info("VM {} of pool {} is not wanted any more: on-demand request {} is gone or finished",
                        d.vm(), d.pool(), d.requestId());
                return false;
            }
            keys.smove(pending, Keys.queue(VmState.RUNNING, d.pool()), d.vm());
            recordCheckout(d.pool(), d.vm(), d.now(), d.token(), d.tokenUser(), d.lifetimeHours());
            recordBoot(d.pool(), d.vm(), d.now(), d.bootTime(), d.day());
            ondemand.addDelivered(d.requestId(), d.poolAlias(), d.pool(), d.vm());
            return true;
        });
    }

    private void recordCheckout(String pool, String vm, Instant now, String token, String tokenUser,
                                Integer lifetimeHours) {
        keys.hset(Keys.active(pool), vm, time(now));
        String key = Keys.vm(vm);
        keys.hset(key, Field.CHECKOUT, time(now));
        if (token != null) {
            keys.hset(key, Field.TOKEN, token);
        }
        if (tokenUser != null) {
            keys.hset(key, Field.TOKEN_USER, tokenUser);
        }
        if (lifetimeHours != null) {
            keys.hset(key, Field.LIFETIME, lifetimeHours.toString());
        }
    }

    @Override
    public void markDestroying(String pool, String vm, Instant now, Duration ttl) {
        atomicallyRun(() -> {
            keys.hdel(Keys.active(pool), vm);
            keys.hset(Keys.vm(vm), Field.DESTROY, time(now));
            keys.expire(Keys.vm(vm), ttl);
        });
    }

    @Override
    public void finishDestroy(String pool, String vm) {
        atomicallyRun(() -> keys.srem(Keys.queue(VmState.COMPLETED, pool), vm));
    }

    @Override
    public void forgetVm(String pool, String vm, VmState state, Duration ttl) {
        atomicallyRun(() -> {
            keys.srem(Keys.queue(state, pool), vm);
            keys.hdel(Keys.active(pool), vm);
            keys.expire(Keys.vm(vm), ttl);
        });
    }

    // ---------------------------------------------------------------- checkout and give-back

    @Override
    public CheckoutResult checkout(CheckoutRequest request) {
        return atomically(() -> {
            // Plan every grant first; only a complete plan touches the data, so a failure changes nothing.
            Map<String, Deque<String>> available = new HashMap<>();
            List<CheckoutResult.Grant> grants = new ArrayList<>();
            for (CheckoutLine line : request.lines()) {
                for (int i = 0; i < line.count(); i++) {
                    Optional<CheckoutResult.Grant> grant = line.candidatePools().stream()
                            .filter(pool -> !available.computeIfAbsent(pool,
                                    p -> new ArrayDeque<>(keys.smembers(Keys.queue(VmState.READY, p)))).isEmpty())
                            .findFirst()
                            .map(pool -> new CheckoutResult.Grant(line.requested(), available.get(pool).poll(), pool));
                    if (grant.isEmpty()) {
                        return new CheckoutResult.Unavailable(line.requested());
                    }
                    grants.add(grant.get());
                }
            }
            for (CheckoutResult.Grant grant : grants) {
                keys.smove(Keys.queue(VmState.READY, grant.pool()), Keys.queue(VmState.RUNNING, grant.pool()), grant.vm());
                recordCheckout(grant.pool(), grant.vm(), request.now(), request.token(), request.tokenUser(),
                        request.lifetimeHours());
                if (request.queueMigration()) {
                    keys.sadd(Keys.queue(VmState.MIGRATING, grant.pool()), grant.vm());
                }
            }
            return new CheckoutResult.Granted(grants);
        });
    }

    @Override
    public DestroyRequestOutcome requestDestroy(String vm) {
        return atomically(() -> {
            Map<String, String> fields = keys.hgetAll(Keys.vm(vm));
            if (fields.isEmpty()) {
                return DestroyRequestOutcome.UNKNOWN;
            }
            Optional<String> pool = new VmRecord(vm, fields).pool();
            if (pool.isPresent() && keys.smove(Keys.queue(VmState.RUNNING, pool.get()),
                    Keys.queue(VmState.COMPLETED, pool.get()), vm)) {
                keys.srem(Keys.queue(VmState.MIGRATING, pool.get()), vm);
                return DestroyRequestOutcome.QUEUED;
            }
            boolean waiting = pool.isPresent() && (keys.sismember(Keys.queue(VmState.PENDING, pool.get()), vm)
                    || keys.sismember(Keys.queue(VmState.READY, pool.get()), vm)
                    || keys.sismember(Keys.queue(VmState.DISCOVERED, pool.get()), vm));
            return waiting ? DestroyRequestOutcome.NOT_RUNNING : DestroyRequestOutcome.ALREADY_GONE;
        });
    }

    @Override
    public void setLifetime(String vm, int hours) {
        atomicallyRun(() -> {
            if (keys.exists(Keys.vm(vm))) {
                keys.hset(Keys.vm(vm), Field.LIFETIME, Integer.toString(hours));
            }
        });
    }

    @Override
    public void setTags(String vm, Map<String, String> tags, LocalDate day) {
        Map<String, String> checked = checkedFields(tags, "tags of VM " + vm);
        atomicallyRun(() -> {
            if (!keys.exists(Keys.vm(vm))) {
                return;
            }
            checked.forEach((tag, value) -> {
                keys.hset(Keys.vm(vm), Field.TAG_PREFIX + tag, value);
                keys.hset(Keys.dailyStat(DailyStat.TAG, day), vm + ":" + tag, value);
            });
        });
    }

    // ---------------------------------------------------------------- clone slots

    @Override
    public boolean tryAcquireCloneSlot(CloneKind kind, int limit) {
        return atomically(() -> {
            if (keys.counter(Keys.cloneSlots(kind)) >= limit) {
                return false;
            }
            keys.incrBy(Keys.cloneSlots(kind), 1);
            return true;
        });
    }

    @Override
    public void releaseCloneSlot(CloneKind kind) {
        atomicallyRun(() -> {
            if (keys.counter(Keys.cloneSlots(kind)) > 0) {
                keys.incrBy(Keys.cloneSlots(kind), -1);
            }
        });
    }

    @Override
    public long cloneSlotsInUse(CloneKind kind) {
        return atomically(() -> Math.max(0, keys.counter(Keys.cloneSlots(kind))));
    }

    @Override
    public void resetCloneSlots() {
        atomicallyRun(() -> {
            for (CloneKind kind : CloneKind.values()) {
                keys.set(Keys.cloneSlots(kind), "0", null);
            }
        });
    }

    // ---------------------------------------------------------------- pool overrides and flags

    @Override
    public Map<String, String> overrides(PoolOverride kind) {
        return atomically(() -> keys.hgetAll(Keys.override(kind)));
    }

    @Override
    public Optional<String> override(PoolOverride kind, String pool) {
        return atomically(() -> keys.hget(Keys.override(kind), pool));
    }

    @Override
    public void setOverride(PoolOverride kind, String pool, String value) {
        Objects.requireNonNull(value, () -> "override value for pool " + pool);
        atomicallyRun(() -> keys.hset(Keys.override(kind), pool, value));
    }

    @Override
    public boolean clearOverride(PoolOverride kind, String pool) {
        return atomically(() -> keys.hdel(Keys.override(kind), pool));
    }

    @Override
    public void raiseFlag(PoolFlag flag, String pool) {
        atomicallyRun(() -> keys.sadd(Keys.flag(flag), pool));
    }

    @Override
    public boolean hasFlag(PoolFlag flag, String pool) {
        return atomically(() -> keys.sismember(Keys.flag(flag), pool));
    }

    @Override
    public boolean takeFlag(PoolFlag flag, String pool) {
        return atomically(() -> keys.srem(Keys.flag(flag), pool));
    }

    @Override
    public Optional<String> preparedTemplate(String pool) {
        return atomically(() -> keys.hget(Keys.TEMPLATE_PREPARED, pool));
    }

    @Override
    public Map<String, String> preparedTemplates() {
        return atomically(() -> keys.hgetAll(Keys.TEMPLATE_PREPARED));
    }

    @Override
    public void setPreparedTemplate(String pool, String template) {
        Objects.requireNonNull(template, () -> "prepared template for pool " + pool);
        atomicallyRun(() -> keys.hset(Keys.TEMPLATE_PREPARED, pool, template));
    }

    @Override
    public boolean hasTemplateDeltas(String template) {
        return atomically(() -> keys.sismember(Keys.TEMPLATE_DELTAS, template));
    }

    @Override
    public String instanceIdentity(String candidate) {
        return atomically(() -> {
            if (!keys.exists(Keys.INSTANCE_ID)) {
                keys.set(Keys.INSTANCE_ID, candidate, null);
            }
            return keys.get(Keys.INSTANCE_ID).orElseThrow();
        });
    }

    @Override
    public void addTemplateDeltas(String template) {
        atomicallyRun(() -> keys.sadd(Keys.TEMPLATE_DELTAS, template));
    }

    @Override
    public boolean markPoolEmpty(String pool, boolean empty) {
        return atomically(() -> {
            if (!empty) {
                return keys.del(Keys.empty(pool));
            }
            if (keys.exists(Keys.empty(pool))) {
                return false;
            }
            keys.set(Keys.empty(pool), "true", null);
            return true;
        });
    }

    // ---------------------------------------------------------------- statistics

    @Override
    public Map<String, String> dailyStats(DailyStat stat, LocalDate day) {
        return atomically(() -> keys.hgetAll(Keys.dailyStat(stat, day)));
    }

    @Override
    public Map<String, String> lastBoots() {
        return atomically(() -> keys.hgetAll(Keys.LASTBOOT));
    }

    @Override
    public StatusSnapshot statusSnapshot(Collection<String> pools, LocalDate day) {
        return atomically(() -> {
            Map<String, String> lastBoot = new LinkedHashMap<>();
            for (String pool : pools) {
                keys.hget(Keys.LASTBOOT, pool).ifPresent(t -> lastBoot.put(pool, t));
            }
            return new StatusSnapshot(countsOf(pools), lastBoot,
                    keys.counter(Keys.cloneSlots(CloneKind.POOL)), keys.counter(Keys.cloneSlots(CloneKind.ONDEMAND)),
                    ondemand.vmsNotYetCloning(),
                    durations(Keys.dailyStat(DailyStat.CLONE, day)), durations(Keys.dailyStat(DailyStat.BOOT, day)));
        });
    }

    private DurationSummary durations(String key) {
        List<Double> seconds = new ArrayList<>();
        for (String value : keys.hgetAll(key).values()) {
            try {
                seconds.add(Double.parseDouble(value));
            } catch (NumberFormatException e) {
                LOG.debug("ignoring unreadable duration '{}' in {}", value, key);
            }
        }
        return DurationSummary.of(seconds);
    }

    // ---------------------------------------------------------------- tokens

    @Override
    public void createToken(String token, String user, Instant created) {
        atomicallyRun(() -> {
            keys.del(Keys.token(token));
            keys.hset(Keys.token(token), "user", user);
            keys.hset(Keys.token(token), "created", time(created));
        });
    }

    @Override
    public Optional<TokenRecord> token(String token) {
        return atomically(() -> tokenRecord(token));
    }

    private Optional<TokenRecord> tokenRecord(String token) {
        Map<String, String> fields = keys.hgetAll(Keys.token(token));
        return fields.isEmpty() ? Optional.empty() : Optional.of(new TokenRecord(token, fields));
    }

    @Override
    public Optional<TokenRecord> useToken(String token, Instant now) {
        return atomically(() -> {
            if (!keys.exists(Keys.token(token))) {
                return Optional.empty();
            }
            keys.hset(Keys.token(token), "last", time(now));
            return tokenRecord(token);
        });
    }

    @Override
    public boolean deleteToken(String token) {
        return atomically(() -> keys.del(Keys.token(token)));
    }

    @Override
    public List<TokenRecord> tokensOf(String user) {
        return atomically(() -> keys.keysWithPrefix(Keys.TOKEN_PREFIX).stream().sorted()
                .map(key -> tokenRecord(key.substring(Keys.TOKEN_PREFIX.length())))
                .flatMap(Optional::stream)
                .filter(record -> record.user().filter(user::equals).isPresent())
                .toList());
    }

    @Override
    public List<String> runningVmsOfToken(String token, Collection<String> pools) {
        return atomically(() -> {
            List<String> vms = new ArrayList<>();
            for (String pool : pools) {
                for (String vm : keys.smembers(Keys.queue(VmState.RUNNING, pool))) {
                    if (keys.hget(Keys.vm(vm), Field.TOKEN).filter(token::equals).isPresent()) {
                        vms.add(vm);
                    }
                }
            }
            return vms;
        });
    }

    // ---------------------------------------------------------------- on-demand requests

    @Override
    public boolean createOndemandRequest(String id, List<RequestedLine> requested, String token, String tokenUser,
                                         Instant now) {
        return atomically(() -> ondemand.create(id, requested, token, tokenUser, now));
    }

    @Override
    public Optional<OndemandRequest> ondemandRequest(String id) {
        return atomically(() -> ondemand.find(id));
    }

    @Override
    public List<ScoredRequest> newOndemandRequests() {
        return atomically(ondemand::newRequests);
    }

    @Override
    public List<ScoredRequest> processingOndemandRequests() {
        return atomically(ondemand::processing);
    }

    @Override
    public void discardNewOndemandRequest(String id) {
        atomicallyRun(() -> ondemand.discardNew(id));
    }

    @Override
    public void beginOndemandProcessing(ScoredRequest request, List<RequestedLine> lines, Instant now) {
        atomicallyRun(() -> ondemand.beginProcessing(request, lines, now));
    }

    @Override
    public List<OndemandTask> ondemandTasks() {
        return atomically(() -> ondemand.tasks().all());
    }

    @Override
    public boolean takeOndemandTask(OndemandTask task, int granted) {
        return atomically(() -> ondemand.tasks().take(task, granted));
    }

    @Override
    public void queueOndemandRetry(String requestId, String alias, String pool) {
        atomicallyRun(() -> ondemand.queueRetry(requestId, alias, pool));
    }

    @Override
    public long incrementOndemandRetries(String requestId) {
        return atomically(() -> ondemand.incrementRetries(requestId));
    }

    @Override
    public Set<String> deliveredVms(String requestId, String alias, String pool) {
        return atomically(() -> ondemand.delivered(requestId, alias, pool));
    }

    @Override
    public void completeOndemandRequest(String requestId) {
        atomicallyRun(() -> ondemand.complete(requestId));
    }

    @Override
    public void failOndemandRequest(String requestId, String reason, Duration ttl) {
        atomicallyRun(() -> ondemand.fail(requestId, reason, ttl));
    }

    @Override
    public OndemandDeleteOutcome deleteOndemandRequest(String requestId) {
        return atomically(() -> ondemand.delete(requestId));
    }

    // ---------------------------------------------------------------- VM tasks

    @Override
    public void queueVmTask(VmTask task) {
        atomicallyRun(() -> keys.sadd(Keys.vmTasks(task.kind()), task.member()));
    }

    @Override
    public Optional<VmTask> claimVmTask(VmTaskKind kind) {
        return atomically(() -> keys.spop(Keys.vmTasks(kind)).map(member -> VmTask.parse(kind, member)));
    }

    @Override
    public long queuedVmTasks(VmTaskKind kind) {
        return atomically(() -> keys.scard(Keys.vmTasks(kind)));
    }

    // ---------------------------------------------------------------- reliability

    @Override
    public void addDeadLetter(String queue, String entry, long epochSeconds, int maxEntries, Duration ttl) {
        atomicallyRun(() -> {
            String key = Keys.deadLetters(queue);
            keys.zadd(key, entry, epochSeconds);
            keys.ztrimToHighest(key, maxEntries);
            keys.expire(key, ttl);
        });
    }

    @Override
    public long deadLetterCount(String queue) {
        return atomically(() -> keys.zcard(Keys.deadLetters(queue)));
    }

    @Override
    public void writeHealth(Map<String, String> fields, Duration ttl) {
        Map<String, String> checked = checkedFields(fields, "health summary");
        atomicallyRun(() -> {
            keys.del(Keys.HEALTH);
            keys.hsetAll(Keys.HEALTH, checked);
            keys.expire(Keys.HEALTH, ttl);
        });
    }

    @Override
    public Map<String, String> health() {
        return atomically(() -> keys.hgetAll(Keys.HEALTH));
    }

    @Override
    public void clearMigrations() {
        atomicallyRun(() -> keys.del(Keys.MIGRATION));
    }

    @Override
    public RateCount hitRateLimit(String endpointClass, String client, Duration period) {
        return atomically(() -> {
            String key = Keys.rateLimit(endpointClass, client);
            long count;
            if (keys.exists(key)) {
                count = keys.incrBy(key, 1);
            } else {
                keys.set(key, "1", period);
                count = 1;
            }
            return new RateCount(count, keys.ttl(key).orElse(period));
        });
    }

    // ---------------------------------------------------------------- helpers

    private static void putIfGiven(Map<String, String> fields, String field, String value) {
        if (value != null) {
            fields.put(field, value);
        }
    }

    /** A copy of {@code fields}, refusing null names and values (Redis cannot store them) with a clear message. */
    private static Map<String, String> checkedFields(Map<String, String> fields, String owner) {
        Map<String, String> copy = new LinkedHashMap<>();
        fields.forEach((field, value) -> {
            if (field == null || value == null) {
                throw new IllegalArgumentException("null field name or value for " + owner + ": " + field + "=" + value);
            }
            copy.put(field, value);
        });
        return copy;
    }
}
