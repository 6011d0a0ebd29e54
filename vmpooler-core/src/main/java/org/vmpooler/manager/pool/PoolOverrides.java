package org.vmpooler.manager.pool;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.domain.PoolFlag;
import org.vmpooler.domain.PoolOverride;
import org.vmpooler.domain.PoolRuntime;
import org.vmpooler.domain.PoolSize;
import org.vmpooler.manager.ManagerContext;
import org.vmpooler.provider.Provider;

/**
 * Applies the API's runtime changes to a pool: template, size and clone-target overrides, pool resets and undoing
 * overrides. A template or clone-target change drains the pool so that it refills with VMs of the new kind. The
 * template in force is compared with the one last prepared (kept in the store), so a change made while no manager
 * ran, including one in the configuration file, is applied at start; an override already in force at start is
 * adopted without draining.
 */
public final class PoolOverrides {

    private static final Logger LOG = LoggerFactory.getLogger(PoolOverrides.class);

    private final ManagerContext ctx;
    private final Drainer drainer;
    private final TemplatePreparer preparer;

    public PoolOverrides(ManagerContext ctx, Drainer drainer, TemplatePreparer preparer) {
        this.ctx = ctx;
        this.drainer = drainer;
        this.preparer = preparer;
    }

    /** At worker start: the overrides in force become the pool's state. */
    public void adopt(PoolState pool) {
        PoolRuntime runtime = ctx.poolSettings().poolRuntime(pool.name());
        runtime.override(PoolOverride.TEMPLATE).ifPresent(pool::template);
        runtime.override(PoolOverride.CLONE_TARGET).ifPresent(t -> pool.cloneTarget(Optional.of(t)));
        size(pool, runtime).ifPresent(pool::size);
    }

    /** Applies every pending change, read in one round trip; returns the number of VMs retired by drains. */
    public int apply(PoolState pool, Provider provider) {
        PoolRuntime runtime = ctx.poolSettings().poolRuntime(pool.name());
        boolean templateUndone = undo(pool, runtime, PoolFlag.UNDO_TEMPLATE_OVERRIDE, PoolOverride.TEMPLATE);
        if (templateUndone) {
            LOG.info("[*] [{}] template override undone; back to '{}'", pool.name(), pool.configured().template());
        }
        boolean sizeUndone = undo(pool, runtime, PoolFlag.UNDO_SIZE_OVERRIDE, PoolOverride.SIZE);
        if (sizeUndone) {
            pool.size(pool.configured().size());
            LOG.info("[*] [{}] size override undone; back to {}", pool.name(), pool.configured().size());
        }
        String wanted = templateUndone ? pool.configured().template()
                : runtime.override(PoolOverride.TEMPLATE).orElse(pool.configured().template());
        int drained = template(pool, provider, wanted, runtime.preparedTemplate());
        if (!sizeUndone) {
            size(pool, runtime).filter(s -> s != pool.size()).ifPresent(s -> {
                LOG.info("[*] [{}] size changed from {} to {}", pool.name(), pool.size(), s);
                pool.size(s);
            });
        }
        drained += cloneTarget(pool, runtime.override(PoolOverride.CLONE_TARGET));
        if (runtime.flagged(PoolFlag.RESET) && ctx.poolSettings().takeFlag(PoolFlag.RESET, pool.name())) {
            drained += drainer.drain(pool.name(), "reset requested");
        }
        return drained;
    }

    private int template(PoolState pool, Provider provider, String wanted, Optional<String> prepared) {
        pool.template(wanted);
        if (prepared.isPresent() && prepared.get().equals(wanted)) {
            return 0;
        }
        int drained = prepared.isPresent()
                ? drainer.drain(pool.name(), "template changed from '" + prepared.get() + "' to '" + wanted + "'")
                : 0;
        preparer.prepare(pool, provider);
        return drained;
    }

    private int cloneTarget(PoolState pool, Optional<String> wanted) {
        if (wanted.isEmpty() || wanted.equals(pool.cloneTarget())) {
            return 0;
        }
        pool.cloneTarget(wanted);
        return drainer.drain(pool.name(), "clone target changed to '" + wanted.get() + "'");
    }

    /** Takes the undo flag when it is raised and then clears the override; returns whether it did. */
    private boolean undo(PoolState pool, PoolRuntime runtime, PoolFlag flag, PoolOverride kind) {
        if (!runtime.flagged(flag) || !ctx.poolSettings().takeFlag(flag, pool.name())) {
            return false;
        }
        ctx.poolSettings().clearOverride(kind, pool.name());
        return true;
    }

    private static Optional<Integer> size(PoolState pool, PoolRuntime runtime) {
        Optional<Integer> size = runtime.size();
        if (size.isEmpty() && runtime.override(PoolOverride.SIZE).isPresent()) {
            LOG.warn("[!] [{}] ignoring size override '{}': not a whole number from 0 to {}", pool.name(),
                    runtime.override(PoolOverride.SIZE).get(), PoolSize.MAX);
        }
        return size;
    }

    /** Whether the store holds a change this pool's worker has not applied yet (a wake-up reason). */
    public boolean changePending(PoolState pool) {
        PoolRuntime runtime = ctx.poolSettings().poolRuntime(pool.name());
        String wanted = runtime.override(PoolOverride.TEMPLATE).orElse(pool.configured().template());
        return !runtime.preparedTemplate().map(wanted::equals).orElse(false)
                || !runtime.override(PoolOverride.CLONE_TARGET).map(t -> pool.cloneTarget().equals(Optional.of(t)))
                        .orElse(true)
                || !runtime.flags().isEmpty();
    }
}
