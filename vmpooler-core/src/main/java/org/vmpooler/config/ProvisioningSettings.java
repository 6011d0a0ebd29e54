package org.vmpooler.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How the manager clones: concurrency limits ({@code task_limit}, {@code ondemand_clone_limit}), on-demand
 * limits and retries, the hostname {@code prefix}, default {@code clone_target}, {@code backend_weight}
 * (clone target → weight, for alias choice), {@code migration_limit}, {@code create_template_delta_disks},
 * {@code purge_unconfigured_resources}, the loop delay of the on-demand provisioner, and the threads and deadline
 * of the manager's natively blocking calls.
 */
public record ProvisioningSettings(int taskLimit, int ondemandCloneLimit, int maxOndemandInstancesPerRequest,
                                   Duration ondemandRequestTtl, int maxVmRetries, String prefix,
                                   Optional<String> cloneTarget, Map<String, Integer> backendWeight,
                                   Optional<Integer> migrationLimit, boolean createTemplateDeltaDisks,
                                   boolean purgeUnconfiguredResources, LoopDelay loopDelay,
                                   BlockingCallSettings blockingCalls) {
    public ProvisioningSettings {
        backendWeight = Map.copyOf(backendWeight);
    }
}
