package org.vmpooler.manager.check;

import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.domain.RubyTime;
import org.vmpooler.domain.VmState;
import org.vmpooler.manager.ManagerContext;
import org.vmpooler.provider.Provider;

/**
 * Destroys completed VMs. The VM leaves the completed queue only once the provider confirmed the destroy, so a
 * failed or interrupted destroy is retried next cycle. A completed VM the provider no longer has is forgotten,
 * its record kept for {@code data_ttl} like any destroyed VM.
 */
public final class Destroyer {

    private static final Logger LOG = LoggerFactory.getLogger(Destroyer.class);

    private final ManagerContext ctx;

    public Destroyer(ManagerContext ctx) {
        this.ctx = ctx;
    }

    public void destroy(String pool, Provider provider, String vm) {
        Instant start = ctx.now();
        if (!ctx.fenced().markDestroying(pool, vm, start, ctx.dataTtl())) {
            return;
        }
        try {
            if (!provider.destroyVm(pool, vm)) {
                LOG.warn("[!] [{}] '{}' destroy was refused by provider {}; will retry", pool, vm, provider.name());
                return;
            }
        } catch (RuntimeException e) {
            LOG.error("[!] [{}] '{}' failed to destroy: {}; will retry", pool, vm, e.toString());
            return;
        }
        ctx.dns().delete(pool, vm);
        ctx.lifecycle().finishDestroy(pool, vm);
        Duration took = Duration.between(start, ctx.now());
        ctx.metrics().gauge("vmpooler_destroy." + pool, took.toMillis() / 1000.0);
        ctx.metrics().timing("destroy." + pool, took.toMillis() / 1000.0);
        LOG.info("[-] [{}] '{}' destroyed in {}s", pool, vm, RubyTime.seconds(took));
    }

    /** The provider does not have the VM: nothing to destroy. */
    public void forget(String pool, String vm) {
        ctx.dns().delete(pool, vm);
        ctx.lifecycle().forgetVm(pool, vm, VmState.COMPLETED, ctx.dataTtl());
        LOG.info("[-] [{}] '{}' was already gone from the provider; removed from 'completed'", pool, vm);
    }
}
