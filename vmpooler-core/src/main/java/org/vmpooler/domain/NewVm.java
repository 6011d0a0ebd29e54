package org.vmpooler.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A VM about to be cloned: what the manager records when it reserves the name and puts the VM in pending.
 * {@code requestId} and {@code poolAlias} are set only for on-demand VMs.
 */
public record NewVm(String name, String pool, String domain, Instant cloneStarted, String requestId, String poolAlias) {
    public NewVm {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(cloneStarted, "cloneStarted");
    }

    public static NewVm forPool(String name, String pool, String domain, Instant cloneStarted) {
        return new NewVm(name, pool, domain, cloneStarted, null, null);
    }

    public boolean ondemand() {
        return requestId != null;
    }
}
