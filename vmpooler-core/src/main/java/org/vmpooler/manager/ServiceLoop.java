package org.vmpooler.manager;

import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.config.LoopDelay;

/**
 * A manager loop that is not tied to a pool (on-demand provisioning, VM tasks): runs its pass, then waits with an
 * adaptive delay, woken early when its wake-up condition holds. A failing pass is logged and the loop goes on.
 */
public final class ServiceLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceLoop.class);

    private final String name;
    private final IntSupplier pass;
    private final AdaptiveDelay delay;
    private final BooleanSupplier wakeUp;
    private final LoopSleep sleep;
    private volatile boolean stopped;

    public ServiceLoop(String name, IntSupplier pass, LoopDelay delay, BooleanSupplier wakeUp, LoopSleep sleep) {
        this.name = name;
        this.pass = pass;
        this.delay = new AdaptiveDelay(delay);
        this.wakeUp = wakeUp;
        this.sleep = sleep;
    }

    @Override
    public void run() {
        LOG.info("[*] {} started", name);
        while (!stopped && !Thread.currentThread().isInterrupted()) {
            int work = 0;
            try {
                work = pass.getAsInt();
            } catch (RuntimeException e) {
                LOG.error("[!] {} pass failed: {}", name, e.toString(), e);
            }
            try {
                sleep.sleep(delay.next(work > 0), delay.wakeupPeriod(), () -> stopped || safely(wakeUp));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        LOG.info("[*] {} stopped", name);
    }

    private static boolean safely(BooleanSupplier condition) {
        try {
            return condition.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }

    public void stop() {
        stopped = true;
    }
}
