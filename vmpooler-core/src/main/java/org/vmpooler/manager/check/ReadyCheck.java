package org.vmpooler.manager.check;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.config.PoolConfig;
import org.vmpooler.domain.VmRecord;
import org.vmpooler.domain.VmRecord.Field;
import org.vmpooler.domain.VmState;
import org.vmpooler.manager.ManagerContext;
import org.vmpooler.manager.reliability.DeadLetterQueue;
import org.vmpooler.provider.Provider;
import org.vmpooler.provider.Readiness;
import org.vmpooler.provider.VmInfo;

/**
 * Re-validates a ready VM at most every {@code vm_checktime}: retires it after {@code ready_ttl}, when the guest
 * reports another hostname (a clone of the wrong template or a renamed guest), or when it stopped answering.
 *
 * <p>When each VM is next due is remembered in memory, so a pass over a full pool reads nothing from the store
 * for VMs checked recently: the reference reads every ready VM's record on every pass, which at a one-second
 * loop and thousands of ready VMs costs more than everything else the manager does. After a restart the first
 * pass reads each record once and learns from its {@code check} field.
 */
public final class ReadyCheck {

    private static final Logger LOG = LoggerFactory.getLogger(ReadyCheck.class);
    /** A freshly booted guest may still report its template's hostname for a while. */
    static final Duration HOSTNAME_GRACE = Duration.ofSeconds(60);

    private final ManagerContext ctx;
    private final ReadinessProbe probe;
    /** Pool → ready VM → when its next check is due. */
    private final Map<String, Map<String, Instant>> nextCheck = new ConcurrentHashMap<>();

    public ReadyCheck(ManagerContext ctx) {
        this.ctx = ctx;
        this.probe = new ReadinessProbe(ctx);
    }

    /** False only when this manager knows the VM was checked less than {@code vm_checktime} ago. */
    public boolean due(String pool, String vm, Instant now) {
        Instant next = dueTimes(pool).get(vm);
        return next == null || !now.isBefore(next);
    }

    /** Drops what is remembered about VMs that are no longer ready in the pool. */
    public void retainOnly(String pool, Set<String> ready) {
        dueTimes(pool).keySet().retainAll(ready);
    }

    public void check(PoolConfig pool, Provider provider, String vm) {
        Optional<VmRecord> found = ctx.vms().vm(vm);
        Instant now = ctx.now();
        Optional<Instant> checked = found.flatMap(r -> r.checkedAt(ctx.zone()));
        Duration checktime = ctx.config().global().lifecycle().vmChecktime();
        if (checked.isPresent() && Duration.between(checked.get(), now).compareTo(checktime) < 0) {
            dueTimes(pool.name()).put(vm, checked.get().plus(checktime));
            return;
        }
        ctx.vms().setVmFields(vm, Map.of(Field.CHECK, ctx.stamp(now)));
        dueTimes(pool.name()).put(vm, now.plus(checktime));
        Instant ready = found.flatMap(r -> r.readyAt(ctx.zone())).orElse(Instant.EPOCH);
        Duration inReady = Duration.between(ready, now);
        if (inReady.compareTo(pool.readyTtl()) > 0) {
            retire(pool.name(), vm, "reached its ready_ttl of " + pool.readyTtl().toMinutes() + " minutes");
            return;
        }
        if (pool.checkHostnameForMismatch() && inReady.compareTo(HOSTNAME_GRACE) > 0 && hostnameMismatch(pool, provider, vm)) {
            return;
        }
        Readiness readiness;
        String errorClass = "NotReady";
        try {
            readiness = probe.probe(pool, provider, vm, found);
        } catch (RuntimeException e) {
            readiness = Readiness.notReady(e.getMessage());
            errorClass = e.getClass().getSimpleName();
        }
        if (!readiness.ready()) {
            String reason = readiness.reason().orElse("VM is no longer reachable");
            ctx.deadLetters().add(new DeadLetterQueue.Letter("ready", vm, pool.name(), errorClass, reason, 0, null, null));
            retire(pool.name(), vm, "is unreachable: " + reason);
        }
    }

    private Map<String, Instant> dueTimes(String pool) {
        return nextCheck.computeIfAbsent(pool, p -> new ConcurrentHashMap<>());
    }

    private boolean hostnameMismatch(PoolConfig pool, Provider provider, String vm) {
        Optional<String> hostname;
        try {
            hostname = provider.getVm(pool.name(), vm).flatMap(VmInfo::hostname).filter(h -> !h.isEmpty());
        } catch (RuntimeException e) {
            LOG.warn("[!] [{}] '{}' could not be looked up for the hostname check: {}", pool.name(), vm, e.toString());
            return false;
        }
        if (hostname.isPresent() && !hostname.get().equals(vm)) {
            retire(pool.name(), vm, "reports hostname '" + hostname.get() + "'");
            return true;
        }
        return false;
    }

    private void retire(String pool, String vm, String why) {
        if (ctx.fenced().move(pool, vm, VmState.READY, VmState.COMPLETED)) {
            LOG.info("[-] [{}] '{}' {}; moved from 'ready' to 'completed' queue", pool, vm, why);
        }
    }
}
