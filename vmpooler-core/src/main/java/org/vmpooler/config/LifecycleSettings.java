package org.vmpooler.config;

import java.time.Duration;
import java.util.Optional;

/**
 * Global VM lifecycle times from {@code :config:} (pools may override some, see {@link PoolConfig}).
 * {@code vmLifetimeAuth} and {@code maxLifetimeUpperLimit} are optional, as in the reference.
 */
public record LifecycleSettings(Duration timeout, Duration timeoutNotification, Duration readyTtl,
                                Duration vmChecktime, Duration vmLifetime, Optional<Duration> vmLifetimeAuth,
                                Optional<Duration> maxLifetimeUpperLimit, boolean checkReadyVmHostnameForMismatch) {
    public static final LifecycleSettings DEFAULT = new LifecycleSettings(Duration.ofMinutes(15), Duration.ofMinutes(5),
            Duration.ofMinutes(60), Duration.ofMinutes(1), Duration.ofHours(24), Optional.empty(), Optional.empty(), true);
}
