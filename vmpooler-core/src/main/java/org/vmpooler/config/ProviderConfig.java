package org.vmpooler.config;

import java.util.List;
import java.util.Set;

/**
 * One named provider instance of {@code :providers:}. {@code providerClass} is the plugin name
 * ({@code provider_class}, else the instance name); {@code settings} holds the instance's keys for the plugin.
 * Circuit-breaker keys given here override the global ones.
 */
public record ProviderConfig(String name, String providerClass, boolean purgeUnconfiguredResources,
                             List<String> resourcesAllowlist, boolean skipDnsCheckBeforeCreatingVm,
                             CircuitBreakerSettings circuitBreaker, Settings settings) {
    /** The keys of a {@code :providers:} entry that the engine reads for every provider class. */
    public static final Set<String> ENGINE_KEYS = Set.of("provider_class", "purge_unconfigured_resources",
            "resources_allowlist", "folder_whitelist", "skip_dns_check_before_creating_vm", "circuit_breaker_enabled",
            "circuit_breaker_failure_threshold", "circuit_breaker_timeout", "circuit_breaker_half_open_attempts");

    public ProviderConfig {
        resourcesAllowlist = List.copyOf(resourcesAllowlist);
    }
}
