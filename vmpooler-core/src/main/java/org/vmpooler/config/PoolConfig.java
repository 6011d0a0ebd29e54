package org.vmpooler.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One entry of {@code :pools:}, with every time already resolved against the globals (pool value, else
 * global, else built-in default). {@code settings} keeps all the pool's keys as loaded, for providers
 * ({@code folder}, {@code datastore}, {@code zone} …). {@code readyCheck} is empty when the pool leaves it to
 * its provider's default.
 */
public record PoolConfig(String name, List<String> aliases, String template, int size, String provider,
                         String dnsPlugin, Optional<String> cloneTarget, Duration timeout,
                         Duration timeoutNotification, Duration readyTtl, LoopDelay loopDelay,
                         boolean checkHostnameForMismatch, Settings settings, Optional<ReadyCheck> readyCheck) {
    public PoolConfig {
        aliases = List.copyOf(aliases);
    }
}
