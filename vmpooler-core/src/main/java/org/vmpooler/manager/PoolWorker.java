package org.vmpooler.manager;

import java.time.Duration;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.domain.VmState;
import org.vmpooler.health.Heartbeat;
import org.vmpooler.manager.check.StoreLostData;
import org.vmpooler.manager.pool.PoolOverrides;
import org.vmpooler.manager.pool.PoolState;

/**
 * The loop of one pool: a cycle, then a sleep whose length adapts to activity, cut short when the pool's ready
 * count changes, when it has pending VMs to watch, or when the API changed its configuration. It tells its
 * heartbeat when a cycle starts and how long it sleeps, so a cycle that hangs shows in the liveness probe. While
 * another manager owns the pool, the loop only waits to be given it.
 */
public final class PoolWorker implements ManagerLoop {

    private static final Logger LOG = LoggerFactory.getLogger(PoolWorker.class);

    private final ManagerContext ctx;
    private final PoolState pool;
    private final PoolCycle cycle;
    private final PoolOverrides overrides;
    private final LoopSleep sleep;
    private final AdaptiveDelay delay;
    private final Heartbeat heartbeat;
    private final Consumer<String> takeOver;
    /** Where in the wake-up period this pool's loop wakes ({@link LoopSleep}). */
    private final double phase;
    private volatile boolean stopped;
    private boolean owned;

    public PoolWorker(ManagerContext ctx, PoolState pool, PoolCycle cycle, PoolOverrides overrides, LoopSleep sleep,
                      double phase, Heartbeat heartbeat, Consumer<String> takeOver) {
        this.ctx = ctx;
        this.pool = pool;
        this.cycle = cycle;
        this.overrides = overrides;
        this.sleep = sleep;
        this.phase = phase;
        this.delay = new AdaptiveDelay(pool.configured().loopDelay());
        this.heartbeat = heartbeat;
        this.takeOver = takeOver;
    }

    @Override
    public void run() {
        LOG.info("[*] [{}] worker started", pool.name());
        overrides.adopt(pool);
        while (!stopped && !Thread.currentThread().isInterrupted()) {
            try {
                if (!ownedNow()) {
                    Duration wait = ctx.ownership().settings().renewEvery();
                    heartbeat.sleeping(wait);
                    sleep.sleep(wait, delay.wakeupPeriod(), phase,
                            () -> stopped || ctx.ownership().owns(pool.name()));
                    continue;
                }
                heartbeat.working();
                PoolCycle.Result result = cycle.run(pool);
                if (stopped) {
                    break;
                }
                long readyBefore = ctx.vms().count(pool.name(), VmState.READY);
                Duration wait = delay.next(result.active());
                heartbeat.sleeping(wait);
                sleep.sleep(wait, delay.wakeupPeriod(), phase, () -> wakeUp(readyBefore));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (StoreLostData e) {
                // Not a failure of one cycle: the process is to stop (on_empty_store: stop).
                heartbeat.close();
                throw e;
            } catch (RuntimeException e) {
                if (stopped) {
                    // Stopping interrupts store calls in flight; that is no failure of the cycle.
                    break;
                }
                // A store outage or a bug in one cycle must not end the pool's management.
                LOG.error("[!] [{}] cycle failed: {}", pool.name(), e.toString(), e);
                try {
                    Duration wait = delay.next(false);
                    heartbeat.sleeping(wait);
                    sleep.sleep(wait, delay.wakeupPeriod(), phase, () -> false);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        heartbeat.close();
        LOG.info("[*] [{}] worker stopped", pool.name());
    }

    /**
     * Whether this manager owns the pool now; on taking it over from another manager, first clears what that
     * manager's clones left behind.
     */
    private boolean ownedNow() {
        boolean owns = ctx.ownership().owns(pool.name());
        if (owns && !owned && ctx.ownership().leasing()) {
            takeOver.accept(pool.name());
        }
        owned = owns;
        return owns;
    }

    private boolean wakeUp(long readyBefore) {
        if (stopped) {
            return true;
        }
        try {
            return ctx.vms().count(pool.name(), VmState.READY) != readyBefore
                    || ctx.vms().count(pool.name(), VmState.PENDING) > 0
                    || overrides.changePending(pool);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Asks the loop to end after the cycle in progress. */
    @Override
    public void stop() {
        stopped = true;
    }
}
