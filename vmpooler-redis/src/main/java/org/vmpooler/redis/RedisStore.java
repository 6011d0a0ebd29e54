package org.vmpooler.redis;

import static org.vmpooler.redis.RedisValues.countsByPool;
import static org.vmpooler.redis.RedisValues.durations;
import static org.vmpooler.redis.RedisValues.leniently;
import static org.vmpooler.redis.RedisValues.list;
import static org.vmpooler.redis.RedisValues.millis;
import static org.vmpooler.redis.RedisValues.orEmpty;
import static org.vmpooler.redis.RedisValues.pairs;
import static org.vmpooler.redis.RedisValues.requireValues;
import static org.vmpooler.redis.RedisValues.strings;

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

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
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
import org.vmpooler.store.Keys;
import org.vmpooler.store.Store;
import org.vmpooler.store.StoreException;

/**
 * The {@link Store} on Redis, with the reference's key schema and value formats so that Ruby and Java processes
 * can share one Redis. All threads share one multiplexed connection; every change touching more than one key, or
 * reading before writing, is one Lua script ({@link LuaScript}), so it is atomic across processes.
 * Times are written in the zone of the store's clock.
 */
public final class RedisStore implements Store {

    /** What the delivery script answers when it retired a VM whose request is over. */
    private static final long UNWANTED = -1;
    private static final Logger LOG = LoggerFactory.getLogger(RedisStore.class);

    private final RedisConnection connection;
    private final RedisGateway gateway;
    private final RedisOndemandRequests ondemand;
    private final ZoneId zone;

    private RedisStore(RedisConnection connection, Clock clock) {
        this.connection = connection;
        this.gateway = new RedisGateway(connection);
        this.ondemand = new RedisOndemandRequests(gateway);
        this.zone = clock.getZone();
    }

    /** Connects to the configured Redis (standalone or Sentinel) and loads the scripts. */
    public static RedisStore connect(RedisConfig config, Clock clock) {
        RedisConnection connection = RedisConnection.open(config);
        RedisStore store = new RedisStore(connection, clock);
        try {
            store.gateway.call("load the Lua scripts", r -> {
                LuaScript.loadAll(r);
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
        return gateway.ping();
    }

    @Override
    public void close() {
        connection.close();
    }

    // ---------------------------------------------------------------- pool registry

    @Override
    public void publishPools(Map<String, Map<String, String>> pools) {
        pools.forEach((pool, fields) -> requireValues(fields, "field of pool " + pool));
        List<String> args = new ArrayList<>(List.of(Keys.pool(""), Integer.toString(pools.size())));
        pools.forEach((pool, fields) -> {
            args.add(pool);
            args.add(Integer.toString(fields.size()));
            fields.forEach((k, v) -> {
                args.add(k);
                args.add(v);
            });
        });
        gateway.script("publish the pools", LuaScript.PUBLISH_POOLS, ScriptOutputType.INTEGER,
                List.of(Keys.POOLS), args);
    }

    @Override
    public Set<String> publishedPools() {
        return gateway.call("read the published pools", r -> r.smembers(Keys.POOLS));
    }

    @Override
    public Map<String, String> publishedPool(String pool) {
        return gateway.call("read published pool " + pool, r -> r.hgetall(Keys.pool(pool)));
    }

    // ---------------------------------------------------------------- queues

    @Override
    public Set<String> vms(String pool, VmState state) {
        return gateway.call("read the " + state.wireName() + " VMs of " + pool,
                r -> r.smembers(Keys.queue(state, pool)));
    }

    @Override
    public long count(String pool, VmState state) {
        return gateway.call("count the " + state.wireName() + " VMs of " + pool,
                r -> r.scard(Keys.queue(state, pool)));
    }

    @Override
    public Map<String, PoolCounts> counts(Collection<String> pools) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(pools));
        List<String> keys = new ArrayList<>();
        for (String pool : distinct) {
            for (VmState state : VmState.values()) {
                keys.add(Keys.queue(state, pool));
            }
        }
        List<Object> sizes = gateway.script("count the queues of " + distinct.size() + " pools", LuaScript.SET_SIZES,
                ScriptOutputType.MULTI, keys, List.of());
        return countsByPool(distinct, sizes);
    }

    @Override
    public PoolQueues queues(String pool) {
        List<String> keys = new ArrayList<>();
        for (VmState state : VmState.values()) {
            keys.add(Keys.queue(state, pool));
        }
        keys.add(Keys.active(pool));
        List<Object> read = gateway.script("read the queues of " + pool, LuaScript.POOL_QUEUES,
                ScriptOutputType.MULTI, keys,
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
        return gateway.call("add " + vm + " to " + state.wireName() + " of " + pool,
                r -> r.sadd(Keys.queue(state, pool), vm) > 0);
    }

    @Override
    public boolean remove(String pool, String vm, VmState state) {
        return gateway.call("remove " + vm + " from " + state.wireName() + " of " + pool,
                r -> r.srem(Keys.queue(state, pool), vm) > 0);
    }

    @Override
    public boolean move(String pool, String vm, VmState from, VmState to) {
        return gateway.call("move " + vm + " of " + pool + " from " + from.wireName() + " to " + to.wireName(),
                r -> r.smove(Keys.queue(from, pool), Keys.queue(to, pool), vm));
    }

    @Override
    public List<String> moveAll(String pool, VmState from, VmState to) {
        List<Object> moved = gateway.script("move all " + from.wireName() + " VMs of " + pool + " to " + to.wireName(),
                LuaScript.MOVE_ALL, ScriptOutputType.MULTI,
                List.of(Keys.queue(from, pool), Keys.queue(to, pool)), List.of());
        return strings(moved);
    }

    @Override
    public List<String> moveSome(String pool, VmState from, VmState to, long max) {
        if (max <= 0) {
            return List.of();
        }
        String what = "move " + max + " " + from.wireName() + " VMs of " + pool + " to " + to.wireName();
        List<Object> moved = gateway.script(what, LuaScript.MOVE_SOME, ScriptOutputType.MULTI,
                List.of(Keys.queue(from, pool), Keys.queue(to, pool)), List.of(Long.toString(max)));
        return strings(moved);
    }

    // ---------------------------------------------------------------- VM records

    @Override
    public Optional<VmRecord> vm(String name) {
        Map<String, String> fields = gateway.call("read VM " + name, r -> r.hgetall(Keys.vm(name)));
        return fields.isEmpty() ? Optional.empty() : Optional.of(new VmRecord(name, fields));
    }

    @Override
    public boolean vmExists(String name) {
        return gateway.call("look up VM " + name, r -> r.exists(Keys.vm(name)) > 0);
    }

    @Override
    public void setVmFields(String vm, Map<String, String> fields) {
        requireValues(fields, "field of VM " + vm);
        if (!fields.isEmpty()) {
            gateway.call("update VM " + vm, r -> r.hset(Keys.vm(vm), fields));
        }
    }

    @Override
    public void removeVmFields(String vm, Collection<String> fields) {
        if (!fields.isEmpty()) {
            gateway.call("remove fields of VM " + vm, r -> r.hdel(Keys.vm(vm), fields.toArray(String[]::new)));
        }
    }

    @Override
    public void expireVm(String vm, Duration ttl) {
        gateway.call("set the expiry of VM " + vm, r -> r.pexpire(Keys.vm(vm), ttl.toMillis()));
    }

    @Override
    public void deleteVm(String vm) {
        gateway.call("delete VM " + vm, r -> r.del(Keys.vm(vm)));
    }

    @Override
    public List<String> allVmNames() {
        return gateway.keysStartingWith(Keys.VM_PREFIX, "list the VM records").stream()
                .map(key -> key.substring(Keys.VM_PREFIX.length())).toList();
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
        Long reserved = gateway.script("reserve VM " + vm.name() + " in " + vm.pool(), LuaScript.RESERVE_VM,
                ScriptOutputType.INTEGER, List.of(Keys.vm(vm.name()), Keys.queue(VmState.PENDING, vm.pool())),
                args);
        return reserved == 1L;
    }

    @Override
    public void recordCloneSuccess(String pool, String vm, Duration cloneTime, String ip, LocalDate day) {
        gateway.script("record the clone of " + vm, LuaScript.CLONE_SUCCESS, ScriptOutputType.INTEGER,
                List.of(Keys.vm(vm), Keys.dailyStat(DailyStat.CLONE, day), Keys.dailyStatSummary(DailyStat.CLONE, day)),
                List.of(RubyTime.seconds(cloneTime), orEmpty(ip), pool + ":" + vm));
    }

    @Override
    public void recordCloneFailure(String pool, String vm, String error, String errorClass, Duration ttl) {
        gateway.script("record the failed clone of " + vm, LuaScript.CLONE_FAILURE, ScriptOutputType.INTEGER,
                List.of(Keys.queue(VmState.PENDING, pool), Keys.vm(vm)),
                List.of(vm, orEmpty(error), orEmpty(errorClass), millis(ttl)));
    }

    @Override
    public boolean markReady(String pool, String vm, Instant now, Duration bootTime, LocalDate day) {
        Long moved = gateway.script("move " + vm + " of " + pool + " to ready", LuaScript.MARK_READY,
                ScriptOutputType.INTEGER,
                List.of(Keys.queue(VmState.PENDING, pool), Keys.queue(VmState.READY, pool), Keys.vm(vm),
                        Keys.dailyStat(DailyStat.BOOT, day), Keys.LASTBOOT, Keys.dailyStatSummary(DailyStat.BOOT, day)),
                List.of(vm, time(now), pool + ":" + vm, RubyTime.seconds(bootTime), pool));
        return moved == 1L;
    }

    @Override
    public boolean deliverOndemandVm(OndemandDelivery d) {
        Long moved = gateway.script("deliver " + d.vm() + " to request " + d.requestId(), LuaScript.DELIVER_ONDEMAND,
                ScriptOutputType.INTEGER,
                List.of(Keys.queue(VmState.PENDING, d.pool()), Keys.queue(VmState.RUNNING, d.pool()),
                        Keys.vm(d.vm()), Keys.active(d.pool()), Keys.dailyStat(DailyStat.BOOT, d.day()),
                        Keys.LASTBOOT, Keys.delivered(d.requestId(), d.poolAlias(), d.pool()),
                        Keys.ondemandRequest(d.requestId()), Keys.queue(VmState.COMPLETED, d.pool()),
                        Keys.dailyStatSummary(DailyStat.BOOT, d.day())),
                List.of(d.vm(), time(d.now()), d.pool() + ":" + d.vm(), RubyTime.seconds(d.bootTime()), d.pool(),
                        orEmpty(d.token()), orEmpty(d.tokenUser()),
                        orEmpty(d.lifetimeHours())));
        if (moved == UNWANTED) {
            LOG.info("VM {} of pool {} is not wanted any more: on-demand request {} is gone or finished",
                    d.vm(), d.pool(), d.requestId());
        }
        return moved == 1L;
    }

    @Override
    public void markDestroying(String pool, String vm, Instant now, Duration ttl) {
        gateway.script("mark " + vm + " as being destroyed", LuaScript.MARK_DESTROYING, ScriptOutputType.INTEGER,
                List.of(Keys.active(pool), Keys.vm(vm)), List.of(vm, time(now), millis(ttl)));
    }

    @Override
    public void finishDestroy(String pool, String vm) {
        gateway.call("remove destroyed " + vm + " from completed of " + pool,
                r -> r.srem(Keys.queue(VmState.COMPLETED, pool), vm));
    }

    @Override
    public void forgetVm(String pool, String vm, VmState state, Duration ttl) {
        gateway.script("forget " + vm + " of " + pool, LuaScript.FORGET_VM, ScriptOutputType.INTEGER,
                List.of(Keys.queue(state, pool), Keys.active(pool), Keys.vm(vm)),
                List.of(vm, millis(ttl)));
    }

    // ---------------------------------------------------------------- checkout and give-back

    @Override
    public CheckoutResult checkout(CheckoutRequest request) {
        List<String> args = new ArrayList<>(List.of(
                Keys.queuePrefix(VmState.READY), Keys.queuePrefix(VmState.RUNNING),
                Keys.queuePrefix(VmState.MIGRATING), Keys.ACTIVE_PREFIX, Keys.VM_PREFIX,
                time(request.now()), orEmpty(request.token()), orEmpty(request.tokenUser()),
                orEmpty(request.lifetimeHours()),
                request.queueMigration() ? "1" : "0", Integer.toString(request.lines().size())));
        for (CheckoutLine line : request.lines()) {
            args.add(line.requested());
            args.add(Integer.toString(line.count()));
            args.add(Integer.toString(line.candidatePools().size()));
            args.addAll(line.candidatePools());
        }
        List<String> result = strings(gateway.script("check out VMs", LuaScript.CHECKOUT, ScriptOutputType.MULTI,
                List.of(), args));
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
        String outcome = gateway.script("give back " + vm, LuaScript.REQUEST_DESTROY, ScriptOutputType.VALUE,
                List.of(Keys.vm(vm)), List.of(vm, Keys.queuePrefix(VmState.RUNNING),
                        Keys.queuePrefix(VmState.COMPLETED), Keys.queuePrefix(VmState.MIGRATING)));
        return DestroyRequestOutcome.valueOf(outcome);
    }

    @Override
    public void setLifetime(String vm, int hours) {
        gateway.script("set the lifetime of " + vm, LuaScript.SET_EXISTING_FIELD, ScriptOutputType.INTEGER,
                List.of(Keys.vm(vm)), List.of(VmRecord.Field.LIFETIME, Integer.toString(hours)));
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
        gateway.script("tag " + vm, LuaScript.SET_TAGS, ScriptOutputType.INTEGER,
                List.of(Keys.vm(vm), Keys.dailyStat(DailyStat.TAG, day)), args);
    }

    // ---------------------------------------------------------------- clone slots

    @Override
    public boolean tryAcquireCloneSlot(CloneKind kind, int limit) {
        Long taken = gateway.script("take a clone slot", LuaScript.ACQUIRE_SLOT, ScriptOutputType.INTEGER,
                List.of(Keys.cloneSlots(kind)), List.of(Integer.toString(limit)));
        return taken == 1L;
    }

    @Override
    public void releaseCloneSlot(CloneKind kind) {
        gateway.script("return a clone slot", LuaScript.RELEASE_SLOT, ScriptOutputType.INTEGER,
                List.of(Keys.cloneSlots(kind)), List.of());
    }

    @Override
    public long cloneSlotsInUse(CloneKind kind) {
        String value = gateway.call("read the clone slots", r -> r.get(Keys.cloneSlots(kind)));
        return Math.max(0, leniently(value));
    }

    @Override
    public void resetCloneSlots() {
        gateway.call("reset the clone slots", r -> r.mset(Map.of(Keys.cloneSlots(CloneKind.POOL), "0",
                Keys.cloneSlots(CloneKind.ONDEMAND), "0")));
    }

    // ---------------------------------------------------------------- pool overrides and flags

    @Override
    public Map<String, String> overrides(PoolOverride kind) {
        return gateway.call("read the pool overrides", r -> r.hgetall(Keys.override(kind)));
    }

    @Override
    public Optional<String> override(PoolOverride kind, String pool) {
        return Optional.ofNullable(gateway.call("read the override of " + pool,
                r -> r.hget(Keys.override(kind), pool)));
    }

    @Override
    public void setOverride(PoolOverride kind, String pool, String value) {
        gateway.call("override " + pool, r -> r.hset(Keys.override(kind), pool, value));
    }

    @Override
    public boolean clearOverride(PoolOverride kind, String pool) {
        return gateway.call("clear the override of " + pool, r -> r.hdel(Keys.override(kind), pool) > 0);
    }

    @Override
    public void raiseFlag(PoolFlag flag, String pool) {
        gateway.call("flag " + pool, r -> r.sadd(Keys.flag(flag), pool));
    }

    @Override
    public boolean hasFlag(PoolFlag flag, String pool) {
        return gateway.call("read the flags of " + pool, r -> r.sismember(Keys.flag(flag), pool));
    }

    @Override
    public boolean takeFlag(PoolFlag flag, String pool) {
        return gateway.call("clear a flag of " + pool, r -> r.srem(Keys.flag(flag), pool) > 0);
    }

    @Override
    public Optional<String> preparedTemplate(String pool) {
        return Optional.ofNullable(gateway.call("read the prepared template of " + pool,
                r -> r.hget(Keys.TEMPLATE_PREPARED, pool)));
    }

    @Override
    public Map<String, String> preparedTemplates() {
        return gateway.call("read the prepared templates", r -> r.hgetall(Keys.TEMPLATE_PREPARED));
    }

    @Override
    public void setPreparedTemplate(String pool, String template) {
        gateway.call("record the prepared template of " + pool, r -> r.hset(Keys.TEMPLATE_PREPARED, pool,
                template));
    }

    @Override
    public boolean hasTemplateDeltas(String template) {
        return gateway.call("read the template deltas", r -> r.sismember(Keys.TEMPLATE_DELTAS, template));
    }

    @Override
    public String instanceIdentity(String candidate) {
        // Whoever sets it first wins; everyone then reads the winner.
        return gateway.call("read the instance identity", r -> {
            r.set(Keys.INSTANCE_ID, candidate, SetArgs.Builder.nx());
            return r.get(Keys.INSTANCE_ID);
        });
    }

    @Override
    public void addTemplateDeltas(String template) {
        gateway.call("record the template deltas", r -> r.sadd(Keys.TEMPLATE_DELTAS, template));
    }

    @Override
    public boolean markPoolEmpty(String pool, boolean empty) {
        String key = Keys.empty(pool);
        if (empty) {
            return gateway.call("mark " + pool + " empty", r -> "OK".equals(r.set(key, "true", SetArgs.Builder.nx())));
        }
        return gateway.call("mark " + pool + " not empty", r -> r.del(key) > 0);
    }

    // ---------------------------------------------------------------- statistics

    @Override
    public Map<String, String> dailyStats(DailyStat stat, LocalDate day) {
        return gateway.call("read the statistics of " + day, r -> r.hgetall(Keys.dailyStat(stat, day)));
    }

    @Override
    public Map<String, String> lastBoots() {
        return gateway.call("read the last boot times", r -> r.hgetall(Keys.LASTBOOT));
    }

    @Override
    public StatusSnapshot statusSnapshot(Collection<String> pools, LocalDate day) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(pools));
        List<String> args = new ArrayList<>();
        for (VmState state : VmState.values()) {
            args.add(Keys.queuePrefix(state));
        }
        args.addAll(List.of(Keys.LASTBOOT, Keys.cloneSlots(CloneKind.POOL),
                Keys.cloneSlots(CloneKind.ONDEMAND), Keys.PROVISIONING_REQUEST, Keys.ONDEMAND_TASKS,
                Keys.ODREQUEST_PREFIX,
                Keys.dailyStat(DailyStat.CLONE, day), Keys.dailyStatSummary(DailyStat.CLONE, day),
                Keys.dailyStat(DailyStat.BOOT, day), Keys.dailyStatSummary(DailyStat.BOOT, day),
                Integer.toString(distinct.size())));
        args.addAll(distinct);
        List<Object> read = gateway.script("read the status", LuaScript.STATUS_SNAPSHOT, ScriptOutputType.MULTI,
                List.of(), args);
        List<String> boots = strings(read.get(1));
        Map<String, String> lastBoot = new LinkedHashMap<>();
        for (int i = 0; i < distinct.size(); i++) {
            if (!boots.get(i).isEmpty()) {
                lastBoot.put(distinct.get(i), boots.get(i));
            }
        }
        return new StatusSnapshot(countsByPool(distinct, list(read.get(0))), lastBoot,
                Math.max(0, (Long) read.get(2)), Math.max(0, (Long) read.get(3)), (Long) read.get(4),
                durations(read.get(5)), durations(read.get(6)));
    }

    // ---------------------------------------------------------------- tokens

    @Override
    public void createToken(String token, String user, Instant created) {
        replaceHash("create a token for " + user, Keys.token(token), Map.of("user", user, "created",
                time(created)), "");
    }

    @Override
    public Optional<TokenRecord> token(String token) {
        Map<String, String> fields = gateway.call("read a token", r -> r.hgetall(Keys.token(token)));
        return fields.isEmpty() ? Optional.empty() : Optional.of(new TokenRecord(token, fields));
    }

    @Override
    public Optional<TokenRecord> useToken(String token, Instant now) {
        List<Object> fields = gateway.script("record the use of a token", LuaScript.USE_TOKEN, ScriptOutputType.MULTI,
                List.of(Keys.token(token)), List.of(time(now)));
        return fields.isEmpty() ? Optional.empty() : Optional.of(new TokenRecord(token, pairs(fields)));
    }

    @Override
    public boolean deleteToken(String token) {
        return gateway.call("delete a token", r -> r.del(Keys.token(token)) > 0);
    }

    @Override
    public List<TokenRecord> tokensOf(String user) {
        List<String> keys = gateway.keysStartingWith(Keys.TOKEN_PREFIX, "list the tokens");
        if (keys.isEmpty()) {
            return List.of();
        }
        List<Object> hashes = gateway.script("read the tokens", LuaScript.HASHES, ScriptOutputType.MULTI, keys,
                List.of());
        List<TokenRecord> tokens = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            Map<String, String> fields = pairs(hashes.get(i));
            if (user.equals(fields.get("user"))) {
                tokens.add(new TokenRecord(keys.get(i).substring(Keys.TOKEN_PREFIX.length()), fields));
            }
        }
        return tokens;
    }

    @Override
    public List<String> runningVmsOfToken(String token, Collection<String> pools) {
        if (pools.isEmpty()) {
            return List.of();
        }
        List<String> keys = pools.stream().distinct().map(pool -> Keys.queue(VmState.RUNNING, pool)).toList();
        return strings(gateway.script("find the VMs of a token", LuaScript.RUNNING_VMS_OF_TOKEN,
                ScriptOutputType.MULTI, keys,
                List.of(token, Keys.VM_PREFIX)));
    }

    // ---------------------------------------------------------------- on-demand requests

    @Override
    public boolean createOndemandRequest(String id, List<RequestedLine> requested, String token, String tokenUser,
                                         Instant now) {
        return ondemand.createOndemandRequest(id, requested, token, tokenUser, now);
    }

    @Override
    public Optional<OndemandRequest> ondemandRequest(String id) {
        return ondemand.ondemandRequest(id);
    }

    @Override
    public List<ScoredRequest> newOndemandRequests() {
        return ondemand.newOndemandRequests();
    }

    @Override
    public void discardNewOndemandRequest(String id) {
        ondemand.discardNewOndemandRequest(id);
    }

    @Override
    public void beginOndemandProcessing(ScoredRequest request, List<RequestedLine> lines, Instant now) {
        ondemand.beginOndemandProcessing(request, lines, now);
    }

    @Override
    public List<OndemandTask> ondemandTasks() {
        return ondemand.ondemandTasks();
    }

    @Override
    public boolean takeOndemandTask(OndemandTask task, int granted) {
        return ondemand.takeOndemandTask(task, granted);
    }

    @Override
    public void queueOndemandRetry(String requestId, String alias, String pool) {
        ondemand.queueOndemandRetry(requestId, alias, pool);
    }

    @Override
    public List<ScoredRequest> processingOndemandRequests() {
        return ondemand.processingOndemandRequests();
    }

    @Override
    public long incrementOndemandRetries(String requestId) {
        return ondemand.incrementOndemandRetries(requestId);
    }

    @Override
    public Set<String> deliveredVms(String requestId, String alias, String pool) {
        return ondemand.deliveredVms(requestId, alias, pool);
    }

    @Override
    public void completeOndemandRequest(String requestId) {
        ondemand.completeOndemandRequest(requestId);
    }

    @Override
    public void failOndemandRequest(String requestId, String reason, Duration ttl) {
        ondemand.failOndemandRequest(requestId, reason, ttl);
    }

    @Override
    public OndemandDeleteOutcome deleteOndemandRequest(String requestId) {
        return ondemand.deleteOndemandRequest(requestId);
    }

    // ---------------------------------------------------------------- VM tasks

    @Override
    public void queueVmTask(VmTask task) {
        gateway.call("queue a " + task.kind() + " task for " + task.vm(),
                r -> r.sadd(Keys.vmTasks(task.kind()), task.member()));
    }

    @Override
    public Optional<VmTask> claimVmTask(VmTaskKind kind) {
        String member = gateway.call("take a " + kind + " task", r -> r.spop(Keys.vmTasks(kind)));
        return Optional.ofNullable(member).map(m -> VmTask.parse(kind, m));
    }

    @Override
    public long queuedVmTasks(VmTaskKind kind) {
        return gateway.call("count the " + kind + " tasks", r -> r.scard(Keys.vmTasks(kind)));
    }

    // ---------------------------------------------------------------- reliability

    @Override
    public void addDeadLetter(String queue, String entry, long epochSeconds, int maxEntries, Duration ttl) {
        gateway.script("add to dead-letter queue " + queue, LuaScript.ADD_DEAD_LETTER, ScriptOutputType.INTEGER,
                List.of(Keys.deadLetters(queue)),
                List.of(Long.toString(epochSeconds), entry, Integer.toString(maxEntries), millis(ttl)));
    }

    @Override
    public long deadLetterCount(String queue) {
        return gateway.call("count dead-letter queue " + queue, r -> r.zcard(Keys.deadLetters(queue)));
    }

    @Override
    public void writeHealth(Map<String, String> fields, Duration ttl) {
        requireValues(fields, "health field");
        replaceHash("write the health summary", Keys.HEALTH, fields, millis(ttl));
    }

    @Override
    public Map<String, String> health() {
        return gateway.call("read the health summary", r -> r.hgetall(Keys.HEALTH));
    }

    @Override
    public void clearMigrations() {
        gateway.call("clear the migrations", r -> r.del(Keys.MIGRATION));
    }

    @Override
    public RateCount hitRateLimit(String endpointClass, String client, Duration period) {
        List<Object> counted = gateway.script("count a request of " + client, LuaScript.RATE_LIMIT,
                ScriptOutputType.MULTI,
                List.of(Keys.rateLimit(endpointClass, client)), List.of(millis(period)));
        return new RateCount((Long) counted.get(0), Duration.ofMillis((Long) counted.get(1)));
    }

    // ---------------------------------------------------------------- helpers

    private void replaceHash(String what, String key, Map<String, String> fields, String ttlMillis) {
        List<String> args = new ArrayList<>(List.of(ttlMillis));
        fields.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        gateway.script(what, LuaScript.REPLACE_HASH, ScriptOutputType.INTEGER, List.of(key), args);
    }

    private String time(Instant instant) {
        return RubyTime.format(instant, zone);
    }

}
