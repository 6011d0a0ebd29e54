package org.vmpooler.manager;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.domain.VmState;
import org.vmpooler.manager.pool.PoolOverrides;
import org.vmpooler.manager.pool.PoolState;

/**
 * The loop of one pool: a cycle, then a sleep whose length adapts to activity, cut short when the pool's ready
 * count changes, when it has pending VMs to watch, or when the API changed its configuration.
 */
public final class PoolWorker implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(PoolWorker.class);

    private final ManagerContext ctx;
    private final PoolState pool;
    private final PoolCycle cycle;
    private final PoolOverrides overrides;
    private final LoopSleep sleep;
    private final AdaptiveDelay delay;
    private volatile boolean stopped;

    public PoolWorker(ManagerContext ctx, PoolState pool, PoolCycle cycle, PoolOverrides overrides, LoopSleep sleep) {
        this.ctx = ctx;
        this.pool = pool;
        this.cycle = cycle;
        this.overrides = overrides;
        this.sleep = sleep;
        this.delay = new AdaptiveDelay(pool.configured().loopDelay());
    }

    @Override
    public void run() {
        LOG.info("[*] [{}] worker started", pool.name());
        overrides.adopt(pool);
        while (!stopped && !Thread.currentThread().isInterrupted()) {
            try {
                PoolCycle.Result result = cycle.run(pool);
                if (stopped) {
                    break;
                }
                long readyBefore = ctx.store().count(pool.name(), VmState.READY);
                sleep.sleep(delay.next(result.active()), delay.wakeupPeriod(), () -> wakeUp(readyBefore));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                // A store outage or a bug in one cycle must not end the pool's management.
                LOG.error("[!] [{}] cycle failed: {}", pool.name(), e.toString(), e);
                try {
                    sleep.sleep(delay.next(false), delay.wakeupPeriod(), () -> false);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        LOG.info("[*] [{}] worker stopped", pool.name());
    }

    private boolean wakeUp(long readyBefore) {
        if (stopped) {
            return true;
        }
        try {
            return ctx.store().count(pool.name(), VmState.READY) != readyBefore
                    || ctx.store().count(pool.name(), VmState.PENDING) > 0
                    || overrides.changePending(pool);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Asks the loop to end after the cycle in progress. */
    public void stop() {
        stopped = true;
    }
}
