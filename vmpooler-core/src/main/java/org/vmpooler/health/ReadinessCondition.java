package org.vmpooler.health;

import java.util.function.BooleanSupplier;

import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.store.Store;

/** One thing a process needs, besides its store, before it can serve: named as it appears in the probe's answer. */
public record ReadinessCondition(String name, BooleanSupplier holds) {

    /**
     * An API process knows the pools it serves: its own {@code :pools:}, or the ones a manager published in the
     * store for API processes that run without a pool list.
     */
    public static ReadinessCondition poolsKnown(VmpoolerConfig config, Store store) {
        return new ReadinessCondition("pools", () -> !config.pools().isEmpty() || !store.publishedPools().isEmpty());
    }

    /** A manager has run its start-up steps, the publication of its pools among them, and started its loops. */
    public static ReadinessCondition managerStarted(BooleanSupplier started) {
        return new ReadinessCondition("manager", started);
    }
}
