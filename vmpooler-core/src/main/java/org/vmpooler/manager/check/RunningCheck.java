package org.vmpooler.manager.check;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.config.PoolConfig;
import org.vmpooler.domain.VmRecord;
import org.vmpooler.domain.VmRecord.Field;
import org.vmpooler.domain.VmState;
import org.vmpooler.manager.ManagerContext;
import org.vmpooler.provider.Provider;
import org.vmpooler.provider.capability.UserTagging;

/**
 * Retires a running VM when its lifetime ({@code lifetime}, else {@code vm_lifetime}; 0 = never) has passed, when
 * it has no checkout time, or when the provider no longer has it; labels it with its user once.
 */
public final class RunningCheck {

    private static final Logger LOG = LoggerFactory.getLogger(RunningCheck.class);

    private final ManagerContext ctx;

    public RunningCheck(ManagerContext ctx) {
        this.ctx = ctx;
    }

    public void check(PoolConfig pool, Provider provider, String vm, PoolSnapshot snapshot) {
        Optional<VmRecord> record = ctx.vms().vm(vm);
        Optional<Instant> checkout = snapshot.queues().checkoutTime(vm, ctx.zone())
                .or(() -> record.flatMap(r -> r.checkedOutAt(ctx.zone())));
        if (checkout.isEmpty()) {
            retire(pool.name(), vm, "has no checkout time");
            return;
        }
        int lifetime = record.flatMap(r -> r.lifetimeHours().isPresent()
                        ? Optional.of(r.lifetimeHours().getAsInt()) : Optional.empty())
                .orElse((int) ctx.config().global().lifecycle().vmLifetime().toHours());
        long hours = Duration.between(checkout.get(), ctx.now()).toHours();
        if (lifetime > 0 && hours >= lifetime) {
            retire(pool.name(), vm, "reached its lifetime of " + lifetime + " hours");
            return;
        }
        tagUser(pool.name(), provider, vm, record);
        try {
            if (provider.vmReady(pool.name(), vm).ready() || provider.getVm(pool.name(), vm).isPresent()) {
                return;
            }
        } catch (RuntimeException e) {
            LOG.warn("[!] [{}] '{}' could not be checked: {}", pool.name(), vm, e.toString());
            return;
        }
        retire(pool.name(), vm, "is no longer in the provider");
    }

    private void tagUser(String pool, Provider provider, String vm, Optional<VmRecord> record) {
        Optional<UserTagging> tagging = provider.capability(UserTagging.class);
        if (tagging.isEmpty() || record.isEmpty() || record.get().field(Field.USER_TAGGED).isPresent()) {
            return;
        }
        try {
            if (tagging.get().tagVmUser(pool, vm, record.get().tokenUser().orElse(null))) {
                ctx.vms().setVmFields(vm, Map.of(Field.USER_TAGGED, "true"));
            }
        } catch (RuntimeException e) {
            LOG.warn("[!] [{}] '{}' could not be tagged with its user: {}", pool, vm, e.toString());
        }
    }

    private void retire(String pool, String vm, String why) {
        if (ctx.fenced().move(pool, vm, VmState.RUNNING, VmState.COMPLETED)) {
            LOG.info("[-] [{}] '{}' {}; moved from 'running' to 'completed' queue", pool, vm, why);
        }
    }
}
