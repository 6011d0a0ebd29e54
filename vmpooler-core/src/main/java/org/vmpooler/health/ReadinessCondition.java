package org.vmpooler.health;

import java.util.function.BooleanSupplier;

import org.vmpooler.config.VmpoolerConfig;

/** One thing a process needs, besides its store, before it can serve: named as it appears in the probe's answer. */
public record ReadinessCondition(String name, BooleanSupplier holds) {

    /**
     * An API process has pools to serve: its own {@code :pools:}, or the ones a manager had published in the store
     * when it started without a pool list.
     */
    public static ReadinessCondition poolsKnown(VmpoolerConfig served) {
        boolean any = !served.pools().isEmpty();
        return new ReadinessCondition("pools", () -> any);
    }

    /** A manager has run its start-up steps, the publication of its pools among them, and started its loops. */
    public static ReadinessCondition managerStarted(BooleanSupplier started) {
        return new ReadinessCondition("manager", started);
    }
}
