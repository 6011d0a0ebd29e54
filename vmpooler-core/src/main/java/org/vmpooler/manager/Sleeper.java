package org.vmpooler.manager;

import java.time.Duration;

/**
 * How the manager's loops wait. Production sleeps the thread; tests advance a manual clock instead, so hours of
 * lifecycle run in milliseconds.
 */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    static Sleeper real() {
        return duration -> Thread.sleep(duration);
    }
}
