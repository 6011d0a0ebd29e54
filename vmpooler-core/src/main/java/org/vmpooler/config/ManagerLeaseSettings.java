package org.vmpooler.config;

import java.time.Duration;

/**
 * How managers sharing one store share the pools ({@code manager_leases}, {@code manager_lease_ttl}): with leases
 * each pool is owned by one live manager, and a dead manager's pools are taken over once its leases run out; the
 * same TTL is how long a manager's announcement outlives its last renewal.
 */
public record ManagerLeaseSettings(boolean enabled, Duration ttl) {
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);
    /** Below this a manager paused by a garbage collection or a slow store could lose its pools while healthy. */
    public static final Duration MIN_TTL = Duration.ofSeconds(3);
    public static final ManagerLeaseSettings DEFAULT = new ManagerLeaseSettings(true, DEFAULT_TTL);
    /** One manager, leases off: what tests that drive the manager pass by pass use. */
    public static final ManagerLeaseSettings OFF = new ManagerLeaseSettings(false, DEFAULT_TTL);

    /** How often the owner renews: three renewals fit in one TTL, so one slow round loses nothing. */
    public Duration renewEvery() {
        return ttl.dividedBy(3);
    }
}
