package org.vmpooler.store;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.domain.CheckoutLine;
import org.vmpooler.domain.BootedVm;
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
import org.vmpooler.domain.VmRecord.Field;
import org.vmpooler.domain.VmState;

/**
 * The in-memory {@link VmLifecycle}: each step changes the VM's queues, record and statistics under one lock.
 * Callers go through {@link InMemoryStore}.
 */
final class InMemoryVmLifecycle implements VmLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(InMemoryVmLifecycle.class);

    private final LockedKeyspace data;
    private final Keyspace keys;
    private final InMemoryOndemandRequests ondemand;

    InMemoryVmLifecycle(LockedKeyspace data, InMemoryOndemandRequests ondemand) {
        this.data = data;
        this.keys = data.keys();
        this.ondemand = ondemand;
    }

    @Override
    public boolean reservePendingVm(NewVm vm) {
        return data.atomically(() -> {
            String key = Keys.vm(vm.name());
            if (keys.exists(key)) {
                return false;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put(Field.CLONE, data.time(vm.cloneStarted()));
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
    public void recordCloneSuccess(List<ClonedVm> vms, LocalDate day) {
        data.run(() -> vms.forEach(vm -> {
            String seconds = RubyTime.seconds(vm.cloneTime());
            keys.hset(Keys.dailyStat(DailyStat.CLONE, day), vm.pool() + ":" + vm.name(), seconds);
            // A record that vanished meanwhile is not re-created: it would never expire and keep the name taken.
            if (keys.exists(Keys.vm(vm.name()))) {
                keys.hset(Keys.vm(vm.name()), Field.CLONE_TIME, seconds);
                if (vm.ip() != null) {
                    keys.hset(Keys.vm(vm.name()), Field.IP, vm.ip());
                }
            }
        }));
    }

    @Override
    public void recordCloneFailure(String pool, String vm, String error, String errorClass, Duration ttl) {
        data.run(() -> {
            keys.srem(Keys.queue(VmState.PENDING, pool), vm);
            if (keys.exists(Keys.vm(vm))) {
                keys.hset(Keys.vm(vm), Field.CLONE_ERROR, Objects.toString(error, ""));
                keys.hset(Keys.vm(vm), Field.CLONE_ERROR_CLASS, Objects.toString(errorClass, ""));
                keys.expire(Keys.vm(vm), ttl);
            }
        });
    }

    @Override
    public List<String> markReady(String pool, List<BootedVm> vms, Instant now, LocalDate day) {
        return data.atomically(() -> {
            List<String> moved = new ArrayList<>();
            for (BootedVm vm : vms) {
                if (keys.smove(Keys.queue(VmState.PENDING, pool), Keys.queue(VmState.READY, pool), vm.name())) {
                    recordBoot(pool, vm.name(), now, vm.bootTime(), day);
                    moved.add(vm.name());
                }
            }
            return moved;
        });
    }

    private void recordBoot(String pool, String vm, Instant now, Duration bootTime, LocalDate day) {
        keys.hset(Keys.vm(vm), Field.READY, data.time(now));
        keys.hset(Keys.dailyStat(DailyStat.BOOT, day), pool + ":" + vm, RubyTime.seconds(bootTime));
        keys.hset(Keys.LASTBOOT, pool, data.time(now));
    }

    @Override
    public boolean deliverOndemandVm(OndemandDelivery d) {
        return data.atomically(() -> {
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
        keys.hset(Keys.active(pool), vm, data.time(now));
        String key = Keys.vm(vm);
        keys.hset(key, Field.CHECKOUT, data.time(now));
        if (token != null) {
            keys.hset(key, Field.TOKEN, token);
        }
        if (tokenUser != null && !tokenUser.isEmpty()) {
            keys.hset(key, Field.TOKEN_USER, tokenUser);
        }
        if (lifetimeHours != null) {
            keys.hset(key, Field.LIFETIME, lifetimeHours.toString());
        }
    }

    @Override
    public void markDestroying(String pool, List<String> vms, Instant now, Duration ttl) {
        data.run(() -> vms.forEach(vm -> {
            keys.hdel(Keys.active(pool), vm);
            keys.hset(Keys.vm(vm), Field.DESTROY, data.time(now));
            keys.expire(Keys.vm(vm), ttl);
        }));
    }

    @Override
    public void finishDestroy(String pool, List<String> vms) {
        data.run(() -> vms.forEach(vm -> keys.srem(Keys.queue(VmState.COMPLETED, pool), vm)));
    }

    @Override
    public void forgetVm(String pool, String vm, VmState state, Duration ttl) {
        data.run(() -> {
            keys.srem(Keys.queue(state, pool), vm);
            keys.hdel(Keys.active(pool), vm);
            keys.expire(Keys.vm(vm), ttl);
        });
    }

    @Override
    public CheckoutResult checkout(CheckoutRequest request) {
        return data.atomically(() -> {
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
        return data.atomically(() -> {
            Map<String, String> fields = keys.hgetAll(Keys.vm(vm));
            return fields.isEmpty() ? DestroyRequestOutcome.UNKNOWN : destroyRequested(new VmRecord(vm, fields));
        });
    }

    @Override
    public UntokenedGiveBack giveBackUntokened(String vm) {
        return data.atomically(() -> {
            Map<String, String> fields = keys.hgetAll(Keys.vm(vm));
            if (fields.isEmpty()) {
                return new UntokenedGiveBack.Requested(DestroyRequestOutcome.UNKNOWN, Optional.empty());
            }
            VmRecord record = new VmRecord(vm, fields);
            if (record.token().isPresent()) {
                return new UntokenedGiveBack.TokenHeld();
            }
            return new UntokenedGiveBack.Requested(destroyRequested(record), Optional.of(record));
        });
    }

    /** The give-back of an existing record; under the lock. */
    private DestroyRequestOutcome destroyRequested(VmRecord record) {
        String vm = record.name();
        Optional<String> pool = record.pool();
        if (pool.isPresent() && keys.smove(Keys.queue(VmState.RUNNING, pool.get()),
                Keys.queue(VmState.COMPLETED, pool.get()), vm)) {
            keys.srem(Keys.queue(VmState.MIGRATING, pool.get()), vm);
            return DestroyRequestOutcome.QUEUED;
        }
        boolean waiting = pool.isPresent() && (keys.sismember(Keys.queue(VmState.PENDING, pool.get()), vm)
                || keys.sismember(Keys.queue(VmState.READY, pool.get()), vm)
                || keys.sismember(Keys.queue(VmState.DISCOVERED, pool.get()), vm));
        return waiting ? DestroyRequestOutcome.NOT_RUNNING : DestroyRequestOutcome.ALREADY_GONE;
    }

    @Override
    public void setLifetime(String vm, int hours) {
        data.run(() -> {
            if (keys.exists(Keys.vm(vm))) {
                keys.hset(Keys.vm(vm), Field.LIFETIME, Integer.toString(hours));
            }
        });
    }

    @Override
    public void setTags(String vm, Map<String, String> tags, LocalDate day) {
        Map<String, String> checked = LockedKeyspace.checkedFields(tags, "tags of VM " + vm);
        data.run(() -> {
            if (!keys.exists(Keys.vm(vm))) {
                return;
            }
            checked.forEach((tag, value) -> {
                keys.hset(Keys.vm(vm), Field.TAG_PREFIX + tag, value);
                keys.hset(Keys.dailyStat(DailyStat.TAG, day), vm + ":" + tag, value);
            });
        });
    }

    private static void putIfGiven(Map<String, String> fields, String field, String value) {
        if (value != null) {
            fields.put(field, value);
        }
    }
}
