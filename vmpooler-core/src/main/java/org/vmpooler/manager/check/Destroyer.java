package org.vmpooler.manager.check;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
 *
 * <p>A pass destroys its pool's completed VMs as one {@link Batch}: they are marked in one store write and leave
 * completed in another, so a pool giving back hundreds of VMs a second costs the store two round trips a pass
 * instead of two per VM. Only the provider's destroys run one per VM.
 */
public final class Destroyer {

    private static final Logger LOG = LoggerFactory.getLogger(Destroyer.class);

    private final ManagerContext ctx;

    public Destroyer(ManagerContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Marks the VMs the provider still has as being destroyed, those no other work holds, and returns the batch
     * whose {@link Batch#destroys} destroy them. Nothing is marked when this manager may not retire the pool's VMs.
     */
    public Batch begin(String pool, Provider provider, List<String> vms) {
        List<String> held = vms.stream().filter(ctx.guard()::tryEnter).toList();
        Instant start = ctx.now();
        boolean marked = false;
        try {
            marked = !held.isEmpty() && ctx.fenced().markDestroying(pool, held, start, ctx.dataTtl());
        } finally {
            if (!marked) {
                held.forEach(ctx.guard()::exit);
            }
        }
        return new Batch(pool, provider, marked ? held : List.of(), start);
    }

    /** A batch with nothing in it, for a pass that could not mark its completed VMs. */
    public Batch empty(String pool, Provider provider) {
        return new Batch(pool, provider, List.of(), ctx.now());
    }

    /** The provider does not have the VM: nothing to destroy. */
    public void forget(String pool, String vm) {
        ctx.dns().delete(pool, vm);
        ctx.lifecycle().forgetVm(pool, vm, VmState.COMPLETED, ctx.dataTtl());
        LOG.info("[-] [{}] '{}' was already gone from the provider; removed from 'completed'", pool, vm);
    }

    /**
     * VMs of one pool marked as being destroyed together. Each VM stays held in the VM guard until its provider
     * destroy has ended; those the provider confirmed leave completed together in {@link #finish}, and one
     * confirmed only after that (a destroy that outlived the pass's patience) leaves on its own.
     */
    public final class Batch {
        private final String pool;
        private final Provider provider;
        private final List<String> vms;
        private final Instant start;
        private final List<Destroyed> destroyed = new ArrayList<>();
        private boolean finished;

        private Batch(String pool, Provider provider, List<String> vms, Instant start) {
            this.pool = pool;
            this.provider = provider;
            this.vms = vms;
            this.start = start;
        }

        /** One piece of work per VM: its provider destroy. */
        public List<Runnable> destroys() {
            return vms.stream().map(vm -> (Runnable) () -> destroy(vm)).toList();
        }

        /** Takes the VMs destroyed so far out of completed, in one write. */
        public void finish() {
            List<Destroyed> done;
            synchronized (this) {
                finished = true;
                done = List.copyOf(destroyed);
            }
            if (done.isEmpty()) {
                return;
            }
            ctx.lifecycle().finishDestroy(pool, done.stream().map(Destroyed::vm).toList());
            done.forEach(this::logDestroyed);
        }

        private void destroy(String vm) {
            try {
                if (!provider.destroyVm(pool, vm)) {
                    LOG.warn("[!] [{}] '{}' destroy was refused by provider {}; will retry", pool, vm, provider.name());
                    return;
                }
                ctx.dns().delete(pool, vm);
                Duration took = Duration.between(start, ctx.now());
                ctx.metrics().gauge("vmpooler_destroy." + pool, took.toMillis() / 1000.0);
                ctx.metrics().timing("destroy." + pool, took.toMillis() / 1000.0);
                Destroyed done = new Destroyed(vm, took);
                synchronized (this) {
                    if (!finished) {
                        destroyed.add(done);
                        return;
                    }
                }
                ctx.lifecycle().finishDestroy(pool, List.of(vm));
                logDestroyed(done);
            } catch (RuntimeException e) {
                LOG.error("[!] [{}] '{}' failed to destroy: {}; will retry", pool, vm, e.toString());
            } finally {
                ctx.guard().exit(vm);
            }
        }

        private void logDestroyed(Destroyed done) {
            LOG.info("[-] [{}] '{}' destroyed in {}s", pool, done.vm(), RubyTime.seconds(done.took()));
        }
    }

    private record Destroyed(String vm, Duration took) {
    }
}
