package org.vmpooler.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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
    /**
     * The pool keys the engine reads; a provider adds its own ({@code ProviderFactory.poolKeys}). */
    public static final Set<String> KEYS = Set.of("name", "alias", "template", "size", "provider", "dns_plugin",
            "clone_target", "timeout", "timeout_notification", "ready_ttl", "check_loop_delay_min",
            "check_loop_delay_max", "check_loop_delay_decay", "check_hostname_for_mismatch", "ready_check",
            "ready_check_port", "name_prefix");

    public PoolConfig {
        aliases = List.copyOf(aliases);
    }
}
