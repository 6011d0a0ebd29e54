package org.vmpooler.config;

import java.util.Optional;

/**
 * The {@code :config:} section, grouped by concern. {@code extras} keeps every key of the section as loaded,
 * for provider plugins that read globals of their own ({@code create_folders}, {@code utilization_limit} …).
 */
public record GlobalConfig(Optional<String> logfile, ProvisioningSettings provisioning, LifecycleSettings lifecycle,
                           ApiSettings api, CircuitBreakerSettings circuitBreaker, DlqSettings dlq,
                           PurgeSettings purge, HealthCheckSettings healthCheck, Settings extras,
                           ProviderCallSettings providerCalls, ManagerLeaseSettings managerLeases) {

    /** {@code on_empty_store} (checked when the configuration was read); {@code adopt} when absent. */
    public EmptyStorePolicy onEmptyStore() {
        return extras.string(EmptyStorePolicy.KEY).flatMap(EmptyStorePolicy::parse).orElse(EmptyStorePolicy.ADOPT);
    }
}
