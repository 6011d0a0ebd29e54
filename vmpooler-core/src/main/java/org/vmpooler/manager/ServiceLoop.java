package org.vmpooler.manager;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.config.LoopDelay;
import org.vmpooler.health.Heartbeat;

/**
 * A manager loop that is not tied to a pool (on-demand provisioning, VM tasks): runs its pass, then waits with an
 * adaptive delay, woken early when its wake-up condition holds. A failing pass is logged and the loop goes on.
 * Its heartbeat learns when a pass starts and how long the loop sleeps, for the liveness probe.
 */
public final class ServiceLoop implements ManagerLoop {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceLoop.class);

    private final String name;
    private final IntSupplier pass;
    private final AdaptiveDelay delay;
    private final BooleanSupplier wakeUp;
    private final LoopSleep sleep;
    private final Heartbeat heartbeat;
    private volatile boolean stopped;

    public ServiceLoop(String name, IntSupplier pass, LoopDelay delay, BooleanSupplier wakeUp, LoopSleep sleep,
                       Heartbeat heartbeat) {
        this.name = name;
        this.pass = pass;
        this.delay = new AdaptiveDelay(delay);
        this.wakeUp = wakeUp;
        this.sleep = sleep;
        this.heartbeat = heartbeat;
    }

    @Override
    public void run() {
        LOG.info("[*] {} started", name);
        while (!stopped && !Thread.currentThread().isInterrupted()) {
            int work = 0;
            heartbeat.working();
            try {
                work = pass.getAsInt();
            } catch (RuntimeException e) {
                if (stopped) {
                    // Stopping interrupts store calls in flight; that is no failure of the pass.
                    break;
                }
                LOG.error("[!] {} pass failed: {}", name, e.toString(), e);
            }
            try {
                Duration wait = delay.next(work > 0);
                heartbeat.sleeping(wait);
                sleep.sleep(wait, delay.wakeupPeriod(), 0, () -> stopped || safely(wakeUp));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        heartbeat.close();
        LOG.info("[*] {} stopped", name);
    }

    private static boolean safely(BooleanSupplier condition) {
        try {
            return condition.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void stop() {
        stopped = true;
    }
}
