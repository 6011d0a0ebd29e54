package org.vmpooler.manager.pool;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.domain.PoolFlag;
import org.vmpooler.domain.PoolOverride;
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
        ctx.store().override(PoolOverride.TEMPLATE, pool.name()).ifPresent(pool::template);
        ctx.store().override(PoolOverride.CLONE_TARGET, pool.name()).ifPresent(t -> pool.cloneTarget(Optional.of(t)));
        size(pool).ifPresent(pool::size);
    }

    /** Applies every pending change; returns the number of VMs retired by drains. */
    public int apply(PoolState pool, Provider provider) {
        undo(pool);
        int drained = template(pool, provider);
        size(pool).filter(s -> s != pool.size()).ifPresent(s -> {
            LOG.info("[*] [{}] size changed from {} to {}", pool.name(), pool.size(), s);
            pool.size(s);
        });
        drained += cloneTarget(pool);
        if (ctx.store().takeFlag(PoolFlag.RESET, pool.name())) {
            drained += drainer.drain(pool.name(), "reset requested");
        }
        return drained;
    }

    private int template(PoolState pool, Provider provider) {
        String wanted = ctx.store().override(PoolOverride.TEMPLATE, pool.name()).orElse(pool.configured().template());
        Optional<String> prepared = ctx.store().preparedTemplate(pool.name());
        if (prepared.isPresent() && prepared.get().equals(wanted)) {
            pool.template(wanted);
            return 0;
        }
        pool.template(wanted);
        int drained = prepared.isPresent()
                ? drainer.drain(pool.name(), "template changed from '" + prepared.get() + "' to '" + wanted + "'")
                : 0;
        preparer.prepare(pool, provider);
        return drained;
    }

    private int cloneTarget(PoolState pool) {
        Optional<String> wanted = ctx.store().override(PoolOverride.CLONE_TARGET, pool.name());
        if (wanted.isEmpty() || wanted.equals(pool.cloneTarget())) {
            return 0;
        }
        pool.cloneTarget(wanted);
        return drainer.drain(pool.name(), "clone target changed to '" + wanted.get() + "'");
    }

    private void undo(PoolState pool) {
        if (ctx.store().takeFlag(PoolFlag.UNDO_TEMPLATE_OVERRIDE, pool.name())) {
            ctx.store().clearOverride(PoolOverride.TEMPLATE, pool.name());
            LOG.info("[*] [{}] template override undone; back to '{}'", pool.name(), pool.configured().template());
        }
        if (ctx.store().takeFlag(PoolFlag.UNDO_SIZE_OVERRIDE, pool.name())) {
            ctx.store().clearOverride(PoolOverride.SIZE, pool.name());
            pool.size(pool.configured().size());
            LOG.info("[*] [{}] size override undone; back to {}", pool.name(), pool.configured().size());
        }
    }

    private Optional<Integer> size(PoolState pool) {
        return ctx.store().override(PoolOverride.SIZE, pool.name()).flatMap(raw -> {
            try {
                return Optional.of(Integer.parseInt(raw.trim())).filter(s -> s >= 0);
            } catch (NumberFormatException e) {
                LOG.warn("[!] [{}] ignoring size override '{}': not a whole number", pool.name(), raw);
                return Optional.empty();
            }
        });
    }

    /** Whether the store holds a change this pool's worker has not applied yet (a wake-up reason). */
    public boolean changePending(PoolState pool) {
        String wanted = ctx.store().override(PoolOverride.TEMPLATE, pool.name()).orElse(pool.configured().template());
        return !ctx.store().preparedTemplate(pool.name()).map(wanted::equals).orElse(false)
                || !ctx.store().override(PoolOverride.CLONE_TARGET, pool.name()).map(t -> pool.cloneTarget().equals(Optional.of(t))).orElse(true)
                || ctx.store().hasFlag(PoolFlag.RESET, pool.name())
                || ctx.store().hasFlag(PoolFlag.UNDO_TEMPLATE_OVERRIDE, pool.name())
                || ctx.store().hasFlag(PoolFlag.UNDO_SIZE_OVERRIDE, pool.name());
    }
}
