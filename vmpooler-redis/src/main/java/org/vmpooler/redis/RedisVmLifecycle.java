package org.vmpooler.redis;

import static org.vmpooler.redis.RedisValues.chunks;
import static org.vmpooler.redis.RedisValues.list;
import static org.vmpooler.redis.RedisValues.millis;
import static org.vmpooler.redis.RedisValues.orEmpty;
import static org.vmpooler.redis.RedisValues.pairs;
import static org.vmpooler.redis.RedisValues.requireValues;
import static org.vmpooler.redis.RedisValues.strings;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.lettuce.core.ScriptOutputType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.vmpooler.domain.BootedVm;
import org.vmpooler.domain.CheckoutLine;
import org.vmpooler.domain.CheckoutRequest;
import org.vmpooler.domain.CheckoutResult;
import org.vmpooler.domain.ClonedVm;
import org.vmpooler.domain.DailyStat;
import org.vmpooler.domain.DestroyRequestOutcome;
import org.vmpooler.domain.NewVm;
import org.vmpooler.domain.OndemandDelivery;
import org.vmpooler.domain.RubyTime;
import org.vmpooler.domain.UntokenedGiveBack;
import org.vmpooler.domain.VmRecord;
import org.vmpooler.domain.VmState;
import org.vmpooler.store.Keys;
import org.vmpooler.store.VmLifecycle;

/**
 * The Redis {@link VmLifecycle}: every step that touches a VM's queues, record and statistics is one Lua script,
 * so it is atomic across processes.
 */
final class RedisVmLifecycle implements VmLifecycle {
    /** What the delivery script answers when it retired a VM whose request is over. */
    private static final long UNWANTED = -1;
    private static final Logger LOG = LoggerFactory.getLogger(RedisVmLifecycle.class);

    private final RedisGateway gateway;
    private final ZoneId zone;

    RedisVmLifecycle(RedisGateway gateway, ZoneId zone) {
        this.gateway = gateway;
        this.zone = zone;
    }

    @Override
    public boolean reservePendingVm(NewVm vm) {
        ScriptCall call = reservation(vm);
        Long reserved = gateway.script(call.what(), LuaScript.RESERVE_VM, ScriptOutputType.INTEGER, call.keys(),
                call.args());
        return reserved == 1L;
    }

    /** The keys and arguments of {@code reserve_vm.lua} for the VM. */
    ScriptCall reservation(NewVm vm) {
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
        return new ScriptCall("reserve VM " + vm.name() + " in " + vm.pool(),
                List.of(Keys.vm(vm.name()), Keys.queue(VmState.PENDING, vm.pool())), args);
    }

    @Override
    public void recordCloneSuccess(List<ClonedVm> vms, LocalDate day) {
        for (List<ClonedVm> chunk : chunks(vms)) {
            List<String> keys = new ArrayList<>(List.of(Keys.dailyStat(DailyStat.CLONE, day),
                    Keys.dailyStatSummary(DailyStat.CLONE, day)));
            List<String> args = new ArrayList<>();
            for (ClonedVm vm : chunk) {
                keys.add(Keys.vm(vm.name()));
                args.addAll(List.of(RubyTime.seconds(vm.cloneTime()), orEmpty(vm.ip()), vm.pool() + ":" + vm.name()));
            }
            gateway.script("record the clone of " + describe(chunk.stream().map(ClonedVm::name).toList()),
                    LuaScript.CLONE_SUCCESS, ScriptOutputType.INTEGER, keys, args);
        }
    }

    @Override
    public void recordCloneFailure(String pool, String vm, String error, String errorClass, Duration ttl) {
        gateway.script("record the failed clone of " + vm, LuaScript.CLONE_FAILURE, ScriptOutputType.INTEGER,
                List.of(Keys.queue(VmState.PENDING, pool), Keys.vm(vm)),
                List.of(vm, orEmpty(error), orEmpty(errorClass), millis(ttl)));
    }

    @Override
    public List<String> markReady(String pool, List<BootedVm> vms, Instant now, LocalDate day) {
        List<String> moved = new ArrayList<>();
        for (List<BootedVm> chunk : chunks(vms)) {
            List<String> keys = new ArrayList<>(List.of(Keys.queue(VmState.PENDING, pool),
                    Keys.queue(VmState.READY, pool), Keys.dailyStat(DailyStat.BOOT, day), Keys.LASTBOOT,
                    Keys.dailyStatSummary(DailyStat.BOOT, day)));
            List<String> args = new ArrayList<>(List.of(time(now), pool));
            for (BootedVm vm : chunk) {
                keys.add(Keys.vm(vm.name()));
                args.add(vm.name());
                args.add(RubyTime.seconds(vm.bootTime()));
            }
            moved.addAll(strings(gateway.script("move " + describe(chunk.stream().map(BootedVm::name).toList())
                    + " of " + pool + " to ready", LuaScript.MARK_READY, ScriptOutputType.MULTI, keys, args)));
        }
        return moved;
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
    public void markDestroying(String pool, List<String> vms, Instant now, Duration ttl) {
        for (ScriptCall call : destroyMarks(pool, vms, now, ttl)) {
            gateway.script(call.what(), LuaScript.MARK_DESTROYING, ScriptOutputType.INTEGER, call.keys(), call.args());
        }
    }

    /** The runs of {@code mark_destroying.lua} that mark the VMs, {@link RedisValues#BATCH} VMs at most each. */
    List<ScriptCall> destroyMarks(String pool, List<String> vms, Instant now, Duration ttl) {
        List<ScriptCall> calls = new ArrayList<>();
        for (List<String> chunk : chunks(vms)) {
            List<String> keys = new ArrayList<>(List.of(Keys.active(pool)));
            chunk.forEach(vm -> keys.add(Keys.vm(vm)));
            List<String> args = new ArrayList<>(List.of(time(now), millis(ttl)));
            args.addAll(chunk);
            calls.add(new ScriptCall("mark " + describe(chunk) + " of " + pool + " as being destroyed", keys, args));
        }
        return calls;
    }

    @Override
    public void finishDestroy(String pool, List<String> vms) {
        if (vms.isEmpty()) {
            return;
        }
        gateway.call("remove destroyed " + describe(vms) + " from completed of " + pool,
                r -> r.srem(Keys.queue(VmState.COMPLETED, pool), vms.toArray(String[]::new)));
    }

    /** Names a batch in an error message without spelling out hundreds of names. */
    private static String describe(List<String> vms) {
        return vms.size() == 1 ? vms.getFirst() : vms.size() + " VMs";
    }

    @Override
    public void forgetVm(String pool, String vm, VmState state, Duration ttl) {
        gateway.script("forget " + vm + " of " + pool, LuaScript.FORGET_VM, ScriptOutputType.INTEGER,
                List.of(Keys.queue(state, pool), Keys.active(pool), Keys.vm(vm)),
                List.of(vm, millis(ttl)));
    }

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
        List<String> result = strings(gateway.replicatedScript("check out VMs", LuaScript.CHECKOUT, ScriptOutputType.MULTI,
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
        String outcome = gateway.replicatedScript("give back " + vm, LuaScript.REQUEST_DESTROY, ScriptOutputType.VALUE,
                List.of(Keys.vm(vm)), giveBackQueues(vm));
        return DestroyRequestOutcome.valueOf(outcome);
    }

    @Override
    public UntokenedGiveBack giveBackUntokened(String vm) {
        List<Object> reply = list(gateway.replicatedScript("give back " + vm, LuaScript.GIVE_BACK_UNTOKENED,
                ScriptOutputType.MULTI, List.of(Keys.vm(vm)), giveBackQueues(vm)));
        String outcome = String.valueOf(reply.getFirst());
        if (outcome.equals("TOKEN_HELD")) {
            return new UntokenedGiveBack.TokenHeld();
        }
        Map<String, String> fields = pairs(reply.subList(1, reply.size()));
        return new UntokenedGiveBack.Requested(DestroyRequestOutcome.valueOf(outcome),
                fields.isEmpty() ? Optional.empty() : Optional.of(new VmRecord(vm, fields)));
    }

    /** The arguments of {@code give_back.lua}: the VM, then the prefixes of the queues it looks in. */
    private static List<String> giveBackQueues(String vm) {
        return List.of(vm, Keys.queuePrefix(VmState.RUNNING), Keys.queuePrefix(VmState.COMPLETED),
                Keys.queuePrefix(VmState.MIGRATING), Keys.queuePrefix(VmState.PENDING),
                Keys.queuePrefix(VmState.READY), Keys.queuePrefix(VmState.DISCOVERED));
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

    private String time(Instant instant) {
        return RubyTime.format(instant, zone);
    }
}
