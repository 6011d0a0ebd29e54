package org.vmpooler.config;

import java.util.List;

/**
 * One named provider instance of {@code :providers:}. {@code providerClass} is the plugin name
 * ({@code provider_class}, else the instance name); {@code settings} holds the instance's keys for the plugin.
 * Circuit-breaker keys given here override the global ones.
 */
public record ProviderConfig(String name, String providerClass, boolean purgeUnconfiguredResources,
                             List<String> resourcesAllowlist, boolean skipDnsCheckBeforeCreatingVm,
                             CircuitBreakerSettings circuitBreaker, Settings settings) {
    public ProviderConfig {
        resourcesAllowlist = List.copyOf(resourcesAllowlist);
    }
}
