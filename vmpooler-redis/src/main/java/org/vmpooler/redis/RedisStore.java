package org.vmpooler.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.vmpooler.config.RedisConfig;
import org.vmpooler.domain.CheckoutLine;
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
import org.vmpooler.store.StoreException;

/**
 * The {@link Store} on Redis, with the reference's key schema and value formats so that Ruby and Java processes
 * can share one Redis. All threads share one multiplexed connection; every change touching more than one key, or
 * reading before writing, is one Lua script ({@link LuaScript}), so it is atomic across processes.
 * Times are written in the zone of the store's clock.
 */
public final class RedisStore implements Store {

    /** How long a ready on-demand request is kept (the reference's 30 days). */
    static final Duration READY_REQUEST_TTL = Duration.ofDays(30);
    /** How long a request deleted by its client is kept (the reference's 1,296,000 s). */
    static final Duration DELETED_REQUEST_TTL = Duration.ofDays(15);
    private static final long SCAN_BATCH = 1000;
    /** What the delivery script answers when it retired a VM whose request is over. */
    private static final long UNWANTED = -1;
    private static final Logger LOG = LoggerFactory.getLogger(RedisStore.class);

    private final RedisConnection connection;
    private final RedisCommands<String, String> redis;
    private final ZoneId zone;

    private RedisStore(RedisConnection connection, Clock clock) {
        this.connection = connection;
        this.redis = connection.commands();
        this.zone = clock.getZone();
    }

    /** Connects to the configured Redis (standalone or Sentinel) and loads the scripts. */
    public static RedisStore connect(RedisConfig config, Clock clock) {
        RedisConnection connection = RedisConnection.open(config);
        RedisStore store = new RedisStore(connection, clock);
        try {
            store.call("load the Lua scripts", () -> {
                LuaScript.loadAll(store.redis);
                return null;
            });
        } catch (StoreException e) {
            connection.close();
            throw e;
        }
        return store;
    }

    /** Whether the connection is up, by the last connection events (for health reporting). */
    public boolean connected() {
        return connection.watch().connected();
    }

    /** How many times the connection was lost and re-established since the store connected. */
    public long connectionLosses() {
        return connection.watch().losses();
    }

    public long connectionRecoveries() {
        return connection.watch().recoveries();
    }

    // ---------------------------------------------------------------- health

    @Override
    public boolean ping() {
        try {
            return "PONG".equals(redis.ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        connection.close();
    }

    // ---------------------------------------------------------------- pool registry

    @Override
    public void publishPools(Map<String, Map<String, String>> pools) {
        pools.forEach((pool, fields) -> requireValues(fields, "field of pool " + pool));
        List<String> args = new ArrayList<>(List.of(RedisKeys.pool(""), Integer.toString(pools.size())));
        pools.forEach((pool, fields) -> {
            args.add(pool);
            args.add(Integer.toString(fields.size()));
            fields.forEach((k, v) -> {
                args.add(k);
                args.add(v);
            });
        });
        run("publish the pools", LuaScript.PUBLISH_POOLS, ScriptOutputType.INTEGER, List.of(RedisKeys.POOLS), args);
    }

    @Override
    public Set<String> publishedPools() {
        return call("read the published pools", () -> redis.smembers(RedisKeys.POOLS));
    }

    @Override
    public Map<String, String> publishedPool(String pool) {
        return call("read published pool " + pool, () -> redis.hgetall(RedisKeys.pool(pool)));
    }

    // ---------------------------------------------------------------- queues

    @Override
    public Set<String> vms(String pool, VmState state) {
        return call("read the " + state.wireName() + " VMs of " + pool,
                () -> redis.smembers(RedisKeys.queue(state, pool)));
    }

    @Override
    public long count(String pool, VmState state) {
        return call("count the " + state.wireName() + " VMs of " + pool,
                () -> redis.scard(RedisKeys.queue(state, pool)));
    }

    @Override
    public Map<String, PoolCounts> counts(Collection<String> pools) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(pools));
        List<String> keys = new ArrayList<>();
        for (String pool : distinct) {
            for (VmState state : VmState.values()) {
                keys.add(RedisKeys.queue(state, pool));
            }
        }
        List<Object> sizes = run("count the queues of " + distinct.size() + " pools", LuaScript.SET_SIZES,
                ScriptOutputType.MULTI, keys, List.of());
        return countsByPool(distinct, sizes);
    }

    @Override
    public PoolQueues queues(String pool) {
        List<String> keys = new ArrayList<>();
        for (VmState state : VmState.values()) {
            keys.add(RedisKeys.queue(state, pool));
        }
        keys.add(RedisKeys.active(pool));
        List<Object> read = run("read the queues of " + pool, LuaScript.POOL_QUEUES, ScriptOutputType.MULTI, keys,
                List.of());
        Map<VmState, Set<String>> members = new EnumMap<>(VmState.class);
        VmState[] states = VmState.values();
        for (int i = 0; i < states.length; i++) {
            members.put(states[i], new LinkedHashSet<>(strings(read.get(i))));
        }
        return new PoolQueues(pool, members, pairs(read.get(states.length)));
    }

    @Override
    public boolean add(String pool, String vm, VmState state) {
        return call("add " + vm + " to " + state.wireName() + " of " + pool,
                () -> redis.sadd(RedisKeys.queue(state, pool), vm) > 0);
    }

    @Override
    public boolean remove(String pool, String vm, VmState state) {
        return call("remove " + vm + " from " + state.wireName() + " of " + pool,
                () -> redis.srem(RedisKeys.queue(state, pool), vm) > 0);
    }

    @Override
    public boolean move(String pool, String vm, VmState from, VmState to) {
        return call("move " + vm + " of " + pool + " from " + from.wireName() + " to " + to.wireName(),
                () -> redis.smove(RedisKeys.queue(from, pool), RedisKeys.queue(to, pool), vm));
    }

    @Override
    public List<String> moveAll(String pool, VmState from, VmState to) {
        List<Object> moved = run("move all " + from.wireName() + " VMs of " + pool + " to " + to.wireName(),
                LuaScript.MOVE_ALL, ScriptOutputType.MULTI,
                List.of(RedisKeys.queue(from, pool), RedisKeys.queue(to, pool)), List.of());
        return strings(moved);
    }

    @Override
    public List<String> moveSome(String pool, VmState from, VmState to, long max) {
        if (max <= 0) {
            return List.of();
        }
        List<Object> moved = run("move " + max + " " + from.wireName() + " VMs of " + pool + " to " + to.wireName(),
                LuaScript.MOVE_SOME, ScriptOutputType.MULTI,
                List.of(RedisKeys.queue(from, pool), RedisKeys.queue(to, pool)), List.of(Long.toString(max)));
        return strings(moved);
    }

    // ---------------------------------------------------------------- VM records

    @Override
    public Optional<VmRecord> vm(String name) {
        Map<String, String> fields = call("read VM " + name, () -> redis.hgetall(RedisKeys.vm(name)));
        return fields.isEmpty() ? Optional.empty() : Optional.of(new VmRecord(name, fields));
    }

    @Override
    public boolean vmExists(String name) {
        return call("look up VM " + name, () -> redis.exists(RedisKeys.vm(name)) > 0);
    }

    @Override
    public void setVmFields(String vm, Map<String, String> fields) {
        requireValues(fields, "field of VM " + vm);
        if (!fields.isEmpty()) {
            call("update VM " + vm, () -> redis.hset(RedisKeys.vm(vm), fields));
        }
    }

    @Override
    public void removeVmFields(String vm, Collection<String> fields) {
        if (!fields.isEmpty()) {
            call("remove fields of VM " + vm, () -> redis.hdel(RedisKeys.vm(vm), fields.toArray(String[]::new)));
        }
    }

    @Override
    public void expireVm(String vm, Duration ttl) {
        call("set the expiry of VM " + vm, () -> redis.pexpire(RedisKeys.vm(vm), ttl.toMillis()));
    }

    @Override
    public void deleteVm(String vm) {
        call("delete VM " + vm, () -> redis.del(RedisKeys.vm(vm)));
    }

    @Override
    public List<String> allVmNames() {
        return scanKeys(RedisKeys.VM_PREFIX, "list the VM records").stream()
                .map(key -> key.substring(RedisKeys.VM_PREFIX.length())).toList();
    }

    @Override
    public boolean reservePendingVm(NewVm vm) {
        List<String> args = new ArrayList<>(List.of(vm.name(),
                VmRecord.Field.CLONE, time(vm.cloneStarted()),
                VmRecord.Field.TEMPLATE, vm.pool(),
                VmRecord.Field.POOL, vm.pool()));
        if (vm.domain() != null) {
            args.addAll(List.of(VmRecord.Field.DOMAIN, vm.domain()));
        }
        if (vm.ondemand()) {
            args.addAll(List.of(VmRecord.Field.REQUEST_ID, vm.requestId()));
            if (vm.poolAlias() != null) {
                args.addAll(List.of(VmRecord.Field.POOL_ALIAS, vm.poolAlias()));
            }
        }
        Long reserved = run("reserve VM " + vm.name() + " in " + vm.pool(), LuaScript.RESERVE_VM,
                ScriptOutputType.INTEGER, List.of(RedisKeys.vm(vm.name()), RedisKeys.queue(VmState.PENDING, vm.pool())),
                args);
        return reserved == 1L;
    }

    @Override
    public void recordCloneSuccess(String pool, String vm, Duration cloneTime, String ip, LocalDate day) {
        run("record the clone of " + vm, LuaScript.CLONE_SUCCESS, ScriptOutputType.INTEGER,
                List.of(RedisKeys.vm(vm), RedisKeys.dailyStat(DailyStat.CLONE, day)),
                List.of(RubyTime.seconds(cloneTime), ip == null ? "" : ip, pool + ":" + vm));
    }

    @Override
    public void recordCloneFailure(String pool, String vm, String error, String errorClass, Duration ttl) {
        run("record the failed clone of " + vm, LuaScript.CLONE_FAILURE, ScriptOutputType.INTEGER,
                List.of(RedisKeys.queue(VmState.PENDING, pool), RedisKeys.vm(vm)),
                List.of(vm, nullToEmpty(error), nullToEmpty(errorClass), millis(ttl)));
    }

    @Override
    public boolean markReady(String pool, String vm, Instant now, Duration bootTime, LocalDate day) {
        Long moved = run("move " + vm + " of " + pool + " to ready", LuaScript.MARK_READY, ScriptOutputType.INTEGER,
                List.of(RedisKeys.queue(VmState.PENDING, pool), RedisKeys.queue(VmState.READY, pool), RedisKeys.vm(vm),
                        RedisKeys.dailyStat(DailyStat.BOOT, day), RedisKeys.LASTBOOT),
                List.of(vm, time(now), pool + ":" + vm, RubyTime.seconds(bootTime), pool));
        return moved == 1L;
    }

    @Override
    public boolean deliverOndemandVm(OndemandDelivery d) {
        Long moved = run("deliver " + d.vm() + " to request " + d.requestId(), LuaScript.DELIVER_ONDEMAND,
                ScriptOutputType.INTEGER,
                List.of(RedisKeys.queue(VmState.PENDING, d.pool()), RedisKeys.queue(VmState.RUNNING, d.pool()),
                        RedisKeys.vm(d.vm()), RedisKeys.active(d.pool()), RedisKeys.dailyStat(DailyStat.BOOT, d.day()),
                        RedisKeys.LASTBOOT, RedisKeys.delivered(d.requestId(), d.poolAlias(), d.pool()),
                        RedisKeys.ondemandRequest(d.requestId()), RedisKeys.queue(VmState.COMPLETED, d.pool())),
                List.of(d.vm(), time(d.now()), d.pool() + ":" + d.vm(), RubyTime.seconds(d.bootTime()), d.pool(),
                        nullToEmpty(d.token()), nullToEmpty(d.tokenUser()),
                        d.lifetimeHours() == null ? "" : d.lifetimeHours().toString()));
        if (moved == UNWANTED) {
            LOG.info("VM {} of pool {} is not wanted any more: on-demand request {} is gone or finished",
                    d.vm(), d.pool(), d.requestId());
        }
        return moved == 1L;
    }

    @Override
    public void markDestroying(String pool, String vm, Instant now, Duration ttl) {
        run("mark " + vm + " as being destroyed", LuaScript.MARK_DESTROYING, ScriptOutputType.INTEGER,
                List.of(RedisKeys.active(pool), RedisKeys.vm(vm)), List.of(vm, time(now), millis(ttl)));
    }

    @Override
    public void finishDestroy(String pool, String vm) {
        call("remove destroyed " + vm + " from completed of " + pool,
                () -> redis.srem(RedisKeys.queue(VmState.COMPLETED, pool), vm));
    }

    @Override
    public void forgetVm(String pool, String vm, VmState state, Duration ttl) {
        run("forget " + vm + " of " + pool, LuaScript.FORGET_VM, ScriptOutputType.INTEGER,
                List.of(RedisKeys.queue(state, pool), RedisKeys.active(pool), RedisKeys.vm(vm)),
                List.of(vm, millis(ttl)));
    }

    // ---------------------------------------------------------------- checkout and give-back

    @Override
    public CheckoutResult checkout(CheckoutRequest request) {
        List<String> args = new ArrayList<>(List.of(
                RedisKeys.queuePrefix(VmState.READY), RedisKeys.queuePrefix(VmState.RUNNING),
                RedisKeys.queuePrefix(VmState.MIGRATING), RedisKeys.ACTIVE_PREFIX, RedisKeys.VM_PREFIX,
                time(request.now()), nullToEmpty(request.token()), nullToEmpty(request.tokenUser()),
                request.lifetimeHours() == null ? "" : request.lifetimeHours().toString(),
                request.queueMigration() ? "1" : "0", Integer.toString(request.lines().size())));
        for (CheckoutLine line : request.lines()) {
            args.add(line.requested());
            args.add(Integer.toString(line.count()));
            args.add(Integer.toString(line.candidatePools().size()));
            args.addAll(line.candidatePools());
        }
        List<String> result = strings(run("check out VMs", LuaScript.CHECKOUT, ScriptOutputType.MULTI, List.of(),
                args));
        if ("unavailable".equals(result.get(0))) {
            return new CheckoutResult.Unavailable(result.get(1));
        }
        List<CheckoutResult.Grant> grants = new ArrayList<>();
        for (int i = 1; i + 2 < result.size(); i += 3) {
            grants.add(new CheckoutResult.Grant(result.get(i), result.get(i + 1), result.get(i + 2)));
        }
        return new CheckoutResult.Granted(grants);
    }

    @Override
    public DestroyRequestOutcome requestDestroy(String vm) {
        String outcome = run("give back " + vm, LuaScript.REQUEST_DESTROY, ScriptOutputType.VALUE,
                List.of(RedisKeys.vm(vm)), List.of(vm, RedisKeys.queuePrefix(VmState.RUNNING),
                        RedisKeys.queuePrefix(VmState.COMPLETED), RedisKeys.queuePrefix(VmState.MIGRATING)));
        return DestroyRequestOutcome.valueOf(outcome);
    }

    @Override
    public void setLifetime(String vm, int hours) {
        run("set the lifetime of " + vm, LuaScript.SET_EXISTING_FIELD, ScriptOutputType.INTEGER,
                List.of(RedisKeys.vm(vm)), List.of(VmRecord.Field.LIFETIME, Integer.toString(hours)));
    }

    @Override
    public void setTags(String vm, Map<String, String> tags, LocalDate day) {
        requireValues(tags, "tag of VM " + vm);
        if (tags.isEmpty()) {
            return;
        }
        List<String> args = new ArrayList<>(List.of(vm));
        tags.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        run("tag " + vm, LuaScript.SET_TAGS, ScriptOutputType.INTEGER,
                List.of(RedisKeys.vm(vm), RedisKeys.dailyStat(DailyStat.TAG, day)), args);
    }

    // ---------------------------------------------------------------- clone slots

    @Override
    public boolean tryAcquireCloneSlot(CloneKind kind, int limit) {
        Long taken = run("take a clone slot", LuaScript.ACQUIRE_SLOT, ScriptOutputType.INTEGER,
                List.of(RedisKeys.cloneSlots(kind)), List.of(Integer.toString(limit)));
        return taken == 1L;
    }

    @Override
    public void releaseCloneSlot(CloneKind kind) {
        run("return a clone slot", LuaScript.RELEASE_SLOT, ScriptOutputType.INTEGER,
                List.of(RedisKeys.cloneSlots(kind)), List.of());
    }

    @Override
    public long cloneSlotsInUse(CloneKind kind) {
        String value = call("read the clone slots", () -> redis.get(RedisKeys.cloneSlots(kind)));
        return Math.max(0, leniently(value));
    }

    @Override
    public void resetCloneSlots() {
        call("reset the clone slots", () -> redis.mset(Map.of(RedisKeys.cloneSlots(CloneKind.POOL), "0",
                RedisKeys.cloneSlots(CloneKind.ONDEMAND), "0")));
    }

    // ---------------------------------------------------------------- pool overrides and flags

    @Override
    public Map<String, String> overrides(PoolOverride kind) {
        return call("read the pool overrides", () -> redis.hgetall(RedisKeys.override(kind)));
    }

    @Override
    public Optional<String> override(PoolOverride kind, String pool) {
        return Optional.ofNullable(call("read the override of " + pool,
                () -> redis.hget(RedisKeys.override(kind), pool)));
    }

    @Override
    public void setOverride(PoolOverride kind, String pool, String value) {
        call("override " + pool, () -> redis.hset(RedisKeys.override(kind), pool, value));
    }

    @Override
    public boolean clearOverride(PoolOverride kind, String pool) {
        return call("clear the override of " + pool, () -> redis.hdel(RedisKeys.override(kind), pool) > 0);
    }

    @Override
    public void raiseFlag(PoolFlag flag, String pool) {
        call("flag " + pool, () -> redis.sadd(RedisKeys.flag(flag), pool));
    }

    @Override
    public boolean hasFlag(PoolFlag flag, String pool) {
        return call("read the flags of " + pool, () -> redis.sismember(RedisKeys.flag(flag), pool));
    }

    @Override
    public boolean takeFlag(PoolFlag flag, String pool) {
        return call("clear a flag of " + pool, () -> redis.srem(RedisKeys.flag(flag), pool) > 0);
    }

    @Override
    public Optional<String> preparedTemplate(String pool) {
        return Optional.ofNullable(call("read the prepared template of " + pool,
                () -> redis.hget(RedisKeys.TEMPLATE_PREPARED, pool)));
    }

    @Override
    public Map<String, String> preparedTemplates() {
        return call("read the prepared templates", () -> redis.hgetall(RedisKeys.TEMPLATE_PREPARED));
    }

    @Override
    public void setPreparedTemplate(String pool, String template) {
        call("record the prepared template of " + pool, () -> redis.hset(RedisKeys.TEMPLATE_PREPARED, pool, template));
    }

    @Override
    public boolean hasTemplateDeltas(String template) {
        return call("read the template deltas", () -> redis.sismember(RedisKeys.TEMPLATE_DELTAS, template));
    }

    @Override
    public void addTemplateDeltas(String template) {
        call("record the template deltas", () -> redis.sadd(RedisKeys.TEMPLATE_DELTAS, template));
    }

    @Override
    public boolean markPoolEmpty(String pool, boolean empty) {
        String key = RedisKeys.empty(pool);
        if (empty) {
            return call("mark " + pool + " empty", () -> "OK".equals(redis.set(key, "true", SetArgs.Builder.nx())));
        }
        return call("mark " + pool + " not empty", () -> redis.del(key) > 0);
    }

    // ---------------------------------------------------------------- statistics

    @Override
    public Map<String, String> dailyStats(DailyStat stat, LocalDate day) {
        return call("read the statistics of " + day, () -> redis.hgetall(RedisKeys.dailyStat(stat, day)));
    }

    @Override
    public Map<String, String> lastBoots() {
        return call("read the last boot times", () -> redis.hgetall(RedisKeys.LASTBOOT));
    }

    @Override
    public StatusSnapshot statusSnapshot(Collection<String> pools, LocalDate day) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(pools));
        List<String> args = new ArrayList<>();
        for (VmState state : VmState.values()) {
            args.add(RedisKeys.queuePrefix(state));
        }
        args.addAll(List.of(RedisKeys.LASTBOOT, RedisKeys.cloneSlots(CloneKind.POOL),
                RedisKeys.cloneSlots(CloneKind.ONDEMAND), RedisKeys.PROVISIONING_REQUEST, RedisKeys.ONDEMAND_TASKS,
                RedisKeys.ODREQUEST_PREFIX, RedisKeys.dailyStat(DailyStat.CLONE, day),
                RedisKeys.dailyStat(DailyStat.BOOT, day), Integer.toString(distinct.size())));
        args.addAll(distinct);
        List<Object> read = run("read the status", LuaScript.STATUS_SNAPSHOT, ScriptOutputType.MULTI, List.of(), args);
        List<String> boots = strings(read.get(1));
        Map<String, String> lastBoot = new LinkedHashMap<>();
        for (int i = 0; i < distinct.size(); i++) {
            if (!boots.get(i).isEmpty()) {
                lastBoot.put(distinct.get(i), boots.get(i));
            }
        }
        return new StatusSnapshot(countsByPool(distinct, asList(read.get(0))), lastBoot,
                Math.max(0, (Long) read.get(2)), Math.max(0, (Long) read.get(3)), (Long) read.get(4),
                seconds(read.get(5)), seconds(read.get(6)));
    }

    // ---------------------------------------------------------------- tokens

    @Override
    public void createToken(String token, String user, Instant created) {
        call("create a token for " + user,
                () -> redis.hset(RedisKeys.token(token), Map.of("user", user, "created", time(created))));
    }

    @Override
    public Optional<TokenRecord> token(String token) {
        Map<String, String> fields = call("read a token", () -> redis.hgetall(RedisKeys.token(token)));
        return fields.isEmpty() ? Optional.empty() : Optional.of(new TokenRecord(token, fields));
    }

    @Override
    public Optional<TokenRecord> useToken(String token, Instant now) {
        List<Object> fields = run("record the use of a token", LuaScript.USE_TOKEN, ScriptOutputType.MULTI,
                List.of(RedisKeys.token(token)), List.of(time(now)));
        return fields.isEmpty() ? Optional.empty() : Optional.of(new TokenRecord(token, pairs(fields)));
    }

    @Override
    public boolean deleteToken(String token) {
        return call("delete a token", () -> redis.del(RedisKeys.token(token)) > 0);
    }

    @Override
    public List<TokenRecord> tokensOf(String user) {
        List<String> keys = scanKeys(RedisKeys.TOKEN_PREFIX, "list the tokens");
        if (keys.isEmpty()) {
            return List.of();
        }
        List<Object> hashes = run("read the tokens", LuaScript.HASHES, ScriptOutputType.MULTI, keys, List.of());
        List<TokenRecord> tokens = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            Map<String, String> fields = pairs(hashes.get(i));
            if (user.equals(fields.get("user"))) {
                tokens.add(new TokenRecord(keys.get(i).substring(RedisKeys.TOKEN_PREFIX.length()), fields));
            }
        }
        return tokens;
    }

    @Override
    public List<String> runningVmsOfToken(String token, Collection<String> pools) {
        if (pools.isEmpty()) {
            return List.of();
        }
        List<String> keys = pools.stream().distinct().map(pool -> RedisKeys.queue(VmState.RUNNING, pool)).toList();
        return strings(run("find the VMs of a token", LuaScript.RUNNING_VMS_OF_TOKEN, ScriptOutputType.MULTI, keys,
                List.of(token, RedisKeys.VM_PREFIX)));
    }

    // ---------------------------------------------------------------- on-demand requests

    @Override
    public boolean createOndemandRequest(String id, List<RequestedLine> requested, String token, String tokenUser,
                                         Instant now) {
        Long created = run("create on-demand request " + id, LuaScript.CREATE_ONDEMAND, ScriptOutputType.INTEGER,
                List.of(RedisKeys.ondemandRequest(id), RedisKeys.PROVISIONING_REQUEST),
                List.of(id, Long.toString(now.getEpochSecond()), RequestedLine.formatAll(requested),
                        nullToEmpty(token), nullToEmpty(tokenUser)));
        return created == 1L;
    }

    @Override
    public Optional<OndemandRequest> ondemandRequest(String id) {
        Map<String, String> fields = call("read on-demand request " + id,
                () -> redis.hgetall(RedisKeys.ondemandRequest(id)));
        return fields.isEmpty() ? Optional.empty() : Optional.of(new OndemandRequest(id, fields));
    }

    @Override
    public List<ScoredRequest> newOndemandRequests() {
        return scoredRequests(RedisKeys.PROVISIONING_REQUEST, "read the new on-demand requests");
    }

    @Override
    public void discardNewOndemandRequest(String id) {
        call("discard on-demand request " + id, () -> redis.zrem(RedisKeys.PROVISIONING_REQUEST, id));
    }

    @Override
    public void beginOndemandProcessing(ScoredRequest request, List<RequestedLine> lines, Instant now) {
        List<String> args = new ArrayList<>(List.of(request.id(), Long.toString(request.createdEpochSeconds()),
                Long.toString(now.getEpochSecond())));
        for (RequestedLine line : lines) {
            args.add(new OndemandTask(line.alias(), line.pool(), line.count(), request.id(), 0).member());
        }
        run("queue the clone tasks of request " + request.id(), LuaScript.BEGIN_ONDEMAND, ScriptOutputType.INTEGER,
                List.of(RedisKeys.PROVISIONING_REQUEST, RedisKeys.PROVISIONING_PROCESSING, RedisKeys.ONDEMAND_TASKS),
                args);
    }

    @Override
    public List<OndemandTask> ondemandTasks() {
        List<ScoredValue<String>> members = call("read the on-demand clone tasks",
                () -> redis.zrangeWithScores(RedisKeys.ONDEMAND_TASKS, 0, -1));
        List<OndemandTask> tasks = new ArrayList<>();
        for (ScoredValue<String> member : members) {
            try {
                tasks.add(OndemandTask.parse(member.getValue(), member.getScore()));
            } catch (IllegalArgumentException e) {
                LOG.warn("skipping malformed on-demand task '{}': {}", member.getValue(), e.getMessage());
            }
        }
        return tasks;
    }

    @Override
    public boolean takeOndemandTask(OndemandTask task, int granted) {
        Long taken = run("take on-demand task " + task.member(), LuaScript.ONDEMAND_TASK_QUEUE,
                ScriptOutputType.INTEGER, List.of(RedisKeys.ONDEMAND_TASKS),
                List.of("take", task.member(), Integer.toString(granted)));
        return taken == 1L;
    }

    @Override
    public void queueOndemandRetry(String requestId, String alias, String pool) {
        Long queued = run("queue a retry for request " + requestId, LuaScript.ONDEMAND_TASK_QUEUE,
                ScriptOutputType.INTEGER, List.of(RedisKeys.ONDEMAND_TASKS, RedisKeys.ondemandRequest(requestId)),
                List.of("retry", alias, pool, requestId, Long.toString((long) OndemandTask.RETRY_SCORE)));
        if (queued != 1L) {
            LOG.info("not retrying a VM for on-demand request {} ({}/{}): the request is gone or finished",
                    requestId, alias, pool);
        }
    }

    @Override
    public List<ScoredRequest> processingOndemandRequests() {
        return scoredRequests(RedisKeys.PROVISIONING_PROCESSING, "read the on-demand requests in progress");
    }

    @Override
    public long incrementOndemandRetries(String requestId) {
        return run("count a retry of request " + requestId, LuaScript.INCREMENT_EXISTING_FIELD,
                ScriptOutputType.INTEGER, List.of(RedisKeys.ondemandRequest(requestId)),
                List.of(OndemandRequest.RETRY_COUNT));
    }

    @Override
    public Set<String> deliveredVms(String requestId, String alias, String pool) {
        return call("read the VMs of request " + requestId,
                () -> redis.smembers(RedisKeys.delivered(requestId, alias, pool)));
    }

    @Override
    public void completeOndemandRequest(String requestId) {
        finishOndemandRequest("complete", requestId, null, READY_REQUEST_TTL);
    }

    @Override
    public void failOndemandRequest(String requestId, String reason, Duration ttl) {
        finishOndemandRequest("fail", requestId, reason, ttl);
    }

    @Override
    public OndemandDeleteOutcome deleteOndemandRequest(String requestId) {
        return OndemandDeleteOutcome.valueOf(finishOndemandRequest("delete", requestId, null, DELETED_REQUEST_TTL));
    }

    private String finishOndemandRequest(String mode, String requestId, String reason, Duration ttl) {
        return run(mode + " request " + requestId, LuaScript.FINISH_ONDEMAND, ScriptOutputType.VALUE,
                List.of(RedisKeys.ondemandRequest(requestId), RedisKeys.PROVISIONING_REQUEST,
                        RedisKeys.PROVISIONING_PROCESSING, RedisKeys.ONDEMAND_TASKS),
                List.of(mode, requestId, RedisKeys.deliveredPrefix(requestId), RedisKeys.queuePrefix(VmState.RUNNING),
                        RedisKeys.queuePrefix(VmState.COMPLETED), millis(ttl), nullToEmpty(reason)));
    }

    // ---------------------------------------------------------------- VM tasks

    @Override
    public void queueVmTask(VmTask task) {
        call("queue a " + task.kind() + " task for " + task.vm(),
                () -> redis.sadd(RedisKeys.vmTasks(task.kind()), task.member()));
    }

    @Override
    public Optional<VmTask> claimVmTask(VmTaskKind kind) {
        String member = call("take a " + kind + " task", () -> redis.spop(RedisKeys.vmTasks(kind)));
        return Optional.ofNullable(member).map(m -> VmTask.parse(kind, m));
    }

    @Override
    public long queuedVmTasks(VmTaskKind kind) {
        return call("count the " + kind + " tasks", () -> redis.scard(RedisKeys.vmTasks(kind)));
    }

    // ---------------------------------------------------------------- reliability

    @Override
    public void addDeadLetter(String queue, String entry, long epochSeconds, int maxEntries, Duration ttl) {
        run("add to dead-letter queue " + queue, LuaScript.ADD_DEAD_LETTER, ScriptOutputType.INTEGER,
                List.of(RedisKeys.deadLetters(queue)),
                List.of(Long.toString(epochSeconds), entry, Integer.toString(maxEntries), millis(ttl)));
    }

    @Override
    public long deadLetterCount(String queue) {
        return call("count dead-letter queue " + queue, () -> redis.zcard(RedisKeys.deadLetters(queue)));
    }

    @Override
    public void writeHealth(Map<String, String> fields, Duration ttl) {
        requireValues(fields, "health field");
        List<String> args = new ArrayList<>(List.of(millis(ttl)));
        fields.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        run("write the health summary", LuaScript.WRITE_HEALTH, ScriptOutputType.INTEGER,
                List.of(RedisKeys.HEALTH), args);
    }

    @Override
    public Map<String, String> health() {
        return call("read the health summary", () -> redis.hgetall(RedisKeys.HEALTH));
    }

    @Override
    public void clearMigrations() {
        call("clear the migrations", () -> redis.del(RedisKeys.MIGRATION));
    }

    @Override
    public RateCount hitRateLimit(String endpointClass, String client, Duration period) {
        List<Object> counted = run("count a request of " + client, LuaScript.RATE_LIMIT, ScriptOutputType.MULTI,
                List.of(RedisKeys.rateLimit(endpointClass, client)), List.of(millis(period)));
        return new RateCount((Long) counted.get(0), Duration.ofMillis((Long) counted.get(1)));
    }

    // ---------------------------------------------------------------- helpers

    private <T> T call(String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (RedisException e) {
            throw new StoreException("Redis at " + connection.watch().target() + " could not " + what + ": "
                    + e.getMessage() + connection.watch().outage(), e);
        }
    }

    private <T> T run(String what, LuaScript script, ScriptOutputType type, List<String> keys, List<String> args) {
        return call(what, () -> script.run(redis, type, keys, args));
    }

    private List<String> scanKeys(String prefix, String what) {
        return call(what, () -> {
            List<String> keys = new ArrayList<>();
            ScanArgs match = ScanArgs.Builder.matches(prefix + "*").limit(SCAN_BATCH);
            KeyScanCursor<String> cursor = redis.scan(match);
            keys.addAll(cursor.getKeys());
            while (!cursor.isFinished()) {
                cursor = redis.scan(ScanCursor.of(cursor.getCursor()), match);
                keys.addAll(cursor.getKeys());
            }
            return List.copyOf(new LinkedHashSet<>(keys));
        });
    }

    private List<ScoredRequest> scoredRequests(String key, String what) {
        List<ScoredValue<String>> members = call(what, () -> redis.zrangeWithScores(key, 0, -1));
        return members.stream().map(m -> new ScoredRequest(m.getValue(), (long) m.getScore())).toList();
    }

    private static Map<String, PoolCounts> countsByPool(List<String> pools, List<Object> sizes) {
        Map<String, PoolCounts> counts = new LinkedHashMap<>();
        int n = VmState.values().length;
        for (int i = 0; i < pools.size(); i++) {
            int at = i * n;
            counts.put(pools.get(i), new PoolCounts((Long) sizes.get(at), (Long) sizes.get(at + 1),
                    (Long) sizes.get(at + 2), (Long) sizes.get(at + 3), (Long) sizes.get(at + 4),
                    (Long) sizes.get(at + 5)));
        }
        return counts;
    }

    /** Redis has no null: a missing value is a caller's bug, refused before anything is written. */
    private static void requireValues(Map<String, String> fields, String what) {
        fields.forEach((name, value) -> {
            if (name == null || value == null) {
                throw new IllegalArgumentException("no value for " + what + " '" + name + "'");
            }
        });
    }

    private String time(Instant instant) {
        return RubyTime.format(instant, zone);
    }

    private static String millis(Duration ttl) {
        return Long.toString(Math.max(1, ttl.toMillis()));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** Counters written by other processes are read like Ruby's {@code to_i}. */
    private static long leniently(String value) {
        return value == null ? 0 : VmRecord.leadingInt(value);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(Object reply) {
        return reply == null ? List.of() : (List<Object>) reply;
    }

    private static List<String> strings(Object reply) {
        return asList(reply).stream().map(String::valueOf).toList();
    }

    private static Map<String, String> pairs(Object reply) {
        List<Object> flat = asList(reply);
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            map.put((String) flat.get(i), (String) flat.get(i + 1));
        }
        return map;
    }

    private static List<Double> seconds(Object reply) {
        List<Double> values = new ArrayList<>();
        for (String value : strings(reply)) {
            try {
                values.add(Double.parseDouble(value.trim()));
            } catch (NumberFormatException e) {
                // a value another writer garbled is left out of the statistics rather than failing /status
            }
        }
        return values;
    }
}
