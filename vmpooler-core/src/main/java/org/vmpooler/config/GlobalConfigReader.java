package org.vmpooler.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads the {@code :config:} section into {@link GlobalConfig}, with the reference's defaults and units. */
final class GlobalConfigReader {

    /**
     * Every key of {@code :config:} the reference or this implementation knows, including the ones only
     * providers read ({@code create_folders} …) and the inert ones the reference documents
     * ({@code max_request_age}, {@code purge_unconfigured_folders}): those are accepted without a warning.
     */
    static final Set<String> KNOWN_KEYS = Set.of("site_name", "logfile", "log_format", "prefix", "task_limit",
            "ondemand_clone_limit", "max_ondemand_instances_per_request", "ondemand_request_ttl", "max_vm_retries",
            "timeout", "timeout_notification", "vm_checktime", "vm_lifetime", "vm_lifetime_auth",
            "max_lifetime_upper_limit", "ready_ttl", "allowed_tags", "clone_target", "backend_weight",
            "experimental_features", "usage_stats", "request_logger", "rate_limiting_enabled", "extra_config",
            "migration_limit", "max_tries", "retry_factor", "check_loop_delay_min", "check_loop_delay_max",
            "check_loop_delay_decay", "check_ready_vm_hostname_for_mismatch", "create_folders",
            "create_template_delta_disks", "create_linked_clones", "manage_host_selection",
            "host_selection_max_age", "utilization_limit", "vsphere_timeout", "purge_unconfigured_resources",
            "purge_unconfigured_folders", "circuit_breaker_enabled", "circuit_breaker_failure_threshold",
            "circuit_breaker_timeout", "circuit_breaker_half_open_attempts", "adaptive_timeout_enabled",
            "connection_pool_timeout_min", "connection_pool_timeout_max", "connection_pool_timeout_initial",
            "connection_pool_monitor_enabled", "connection_pool_monitor_interval", "dlq_enabled", "dlq_ttl",
            "dlq_max_entries", "purge_enabled", "purge_interval", "purge_dry_run", "max_pending_age",
            "max_ready_age", "max_completed_age", "max_orphaned_age", "max_request_age", "health_check_enabled",
            "health_check_interval", "health_thresholds", "enforce_vm_ownership", "port", "bind_address",
            "destroy_timeout", "ready_check_timeout", "disk_timeout", "snapshot_timeout", "provider_call_timeout",
            "unknown_vm_grace", "capacity_backoff", "capacity_backoff_max", "instance_id", "loop_stall_timeout",
            "domain",
            "blocking_threads", "dns_check_timeout", "manager_leases", "manager_lease_ttl", EmptyStorePolicy.KEY);

    private static final Set<String> HEALTH_THRESHOLD_KEYS = Set.of("pending_queue_max", "ready_queue_max",
            "dlq_max_warning", "dlq_max_critical", "stuck_vm_age_threshold", "stuck_vm_max_warning",
            "stuck_vm_max_critical");

    private GlobalConfigReader() {
    }

    static GlobalConfig read(Settings config, ConfigProblems problems) {
        SectionReader section = new SectionReader(config, problems).warnUnknownKeys(KNOWN_KEYS);
        section.string(EmptyStorePolicy.KEY).filter(v -> EmptyStorePolicy.parse(v).isEmpty()).ifPresent(v ->
                problems.error(config.invalid(EmptyStorePolicy.KEY, v, "adopt, hold or stop").getMessage()));
        return new GlobalConfig(section.string("logfile"), provisioning(section), lifecycle(section), api(section),
                circuitBreaker(section), dlq(section), purge(section), healthCheck(section), config,
                providerCalls(section), managerLeases(section));
    }

    private static ManagerLeaseSettings managerLeases(SectionReader section) {
        ManagerLeaseSettings d = ManagerLeaseSettings.DEFAULT;
        Duration ttl = section.seconds("manager_lease_ttl", d.ttl());
        if (ttl.compareTo(ManagerLeaseSettings.MIN_TTL) < 0) {
            section.problems().error(section.where("manager_lease_ttl") + " must be at least "
                    + ManagerLeaseSettings.MIN_TTL.toSeconds() + " seconds, got " + ttl.toSeconds());
            ttl = d.ttl();
        }
        return new ManagerLeaseSettings(section.bool("manager_leases", d.enabled()), ttl);
    }

    /** The adaptive loop delay from the {@code check_loop_delay_*} keys of a section, over a fallback. */
    static LoopDelay loopDelay(SectionReader section, LoopDelay fallback) {
        Duration min = section.seconds("check_loop_delay_min", fallback.min());
        Duration max = section.seconds("check_loop_delay_max", fallback.max());
        double decay = section.problems().attempt(() -> section.settings().decimal("check_loop_delay_decay"))
                .flatMap(d -> d).orElse(fallback.decay());
        // The reference forces these two rules at run time rather than rejecting the values.
        return new LoopDelay(min, max.compareTo(min) < 0 ? min : max, decay > 1.0 ? decay : 2.0);
    }

    private static ProvisioningSettings provisioning(SectionReader section) {
        return new ProvisioningSettings(section.positive("task_limit", 10),
                section.positive("ondemand_clone_limit", 10),
                section.positive("max_ondemand_instances_per_request", 10),
                section.minutes("ondemand_request_ttl", Duration.ofMinutes(5)), section.count("max_vm_retries", 3),
                section.string("prefix", ""), section.string("clone_target"), backendWeight(section), section.count("migration_limit"),
                section.bool("create_template_delta_disks", false), section.bool("purge_unconfigured_resources", false),
                loopDelay(section, LoopDelay.DEFAULT), blockingCalls(section));
    }

    private static BlockingCallSettings blockingCalls(SectionReader section) {
        BlockingCallSettings d = BlockingCallSettings.DEFAULT;
        return new BlockingCallSettings(section.positive("blocking_threads", d.threads()),
                Duration.ofSeconds(section.positive("dns_check_timeout", (int) d.dnsCheckTimeout().toSeconds())));
    }

    private static Map<String, Integer> backendWeight(SectionReader section) {
        Map<String, Integer> result = new LinkedHashMap<>();
        Settings weights = section.problems().attempt(() -> section.settings().section("backend_weight"))
                .orElse(Settings.empty(":config: > backend_weight"));
        SectionReader reader = new SectionReader(weights, section.problems());
        for (String target : weights.keys()) {
            result.put(target, reader.count(target, 0));
        }
        return result;
    }

    private static LifecycleSettings lifecycle(SectionReader section) {
        LifecycleSettings d = LifecycleSettings.DEFAULT;
        return new LifecycleSettings(section.minutes("timeout", d.timeout()),
                section.minutes("timeout_notification", d.timeoutNotification()),
                section.minutes("ready_ttl", d.readyTtl()), section.minutes("vm_checktime", d.vmChecktime()),
                section.hours("vm_lifetime", d.vmLifetime()), section.hours("vm_lifetime_auth"),
                section.hours("max_lifetime_upper_limit"),
                section.bool("check_ready_vm_hostname_for_mismatch", true));
    }

    private static ApiSettings api(SectionReader section) {
        Settings s = section.settings();
        Optional<java.util.List<String>> allowedTags = s.has("allowed_tags")
                ? section.problems().attempt(() -> s.strings("allowed_tags")) : Optional.empty();
        return new ApiSettings(section.string("site_name", "<b>vmpooler</b>"), allowedTags,
                section.bool("experimental_features", false), section.bool("usage_stats", false),
                section.bool("request_logger", false), section.bool("rate_limiting_enabled", false),
                section.bool("enforce_vm_ownership", true));
    }

    /** The circuit breaker of a section (global, or a provider's overrides over the global one). */
    static CircuitBreakerSettings circuitBreaker(SectionReader section, CircuitBreakerSettings fallback) {
        return new CircuitBreakerSettings(section.bool("circuit_breaker_enabled", fallback.enabled()),
                section.positive("circuit_breaker_failure_threshold", fallback.failureThreshold()),
                section.seconds("circuit_breaker_timeout", fallback.timeout()),
                section.positive("circuit_breaker_half_open_attempts", fallback.halfOpenAttempts()));
    }

    private static CircuitBreakerSettings circuitBreaker(SectionReader section) {
        return circuitBreaker(section, CircuitBreakerSettings.DEFAULT);
    }

    private static ProviderCallSettings providerCalls(SectionReader section) {
        ProviderCallSettings d = ProviderCallSettings.DEFAULT;
        return new ProviderCallSettings(section.seconds("destroy_timeout", d.destroy()),
                section.seconds("ready_check_timeout", d.readyCheck()), section.seconds("disk_timeout", d.disk()),
                section.seconds("snapshot_timeout", d.snapshot()), section.seconds("provider_call_timeout", d.other()),
                section.seconds("unknown_vm_grace", d.unknownVmGrace()),
                section.seconds("capacity_backoff", d.capacityBackoff()),
                section.seconds("capacity_backoff_max", d.capacityBackoffMax()),
                section.bool("connection_pool_monitor_enabled", true)
                        ? Optional.of(section.seconds("connection_pool_monitor_interval",
                                d.connectionPoolMonitor().orElseThrow()))
                        : Optional.empty(),
                section.string("instance_id"));
    }

    private static DlqSettings dlq(SectionReader section) {
        DlqSettings d = DlqSettings.DEFAULT;
        return new DlqSettings(section.bool("dlq_enabled", d.enabled()), section.hours("dlq_ttl", d.ttl()),
                section.positive("dlq_max_entries", d.maxEntries()));
    }

    private static PurgeSettings purge(SectionReader section) {
        PurgeSettings d = PurgeSettings.DEFAULT;
        return new PurgeSettings(section.bool("purge_enabled", d.enabled()), section.bool("purge_dry_run", d.dryRun()),
                section.seconds("purge_interval", d.interval()), section.seconds("max_pending_age", d.maxPendingAge()),
                section.seconds("max_ready_age", d.maxReadyAge()),
                section.seconds("max_completed_age", d.maxCompletedAge()),
                section.seconds("max_orphaned_age", d.maxOrphanedAge()));
    }

    private static HealthCheckSettings healthCheck(SectionReader section) {
        HealthCheckSettings d = HealthCheckSettings.DEFAULT;
        Settings nested = section.problems().attempt(() -> section.settings().section("health_thresholds"))
                .orElse(Settings.empty(":config: > health_thresholds"));
        SectionReader thresholds = new SectionReader(nested, section.problems()).warnUnknownKeys(HEALTH_THRESHOLD_KEYS);
        return new HealthCheckSettings(section.bool("health_check_enabled", d.enabled()),
                section.seconds("health_check_interval", d.interval()),
                thresholds.count("pending_queue_max", d.pendingQueueMax()),
                thresholds.count("ready_queue_max", d.readyQueueMax()),
                thresholds.count("dlq_max_warning", d.dlqMaxWarning()),
                thresholds.count("dlq_max_critical", d.dlqMaxCritical()),
                thresholds.seconds("stuck_vm_age_threshold", d.stuckVmAgeThreshold()),
                thresholds.count("stuck_vm_max_warning", d.stuckVmMaxWarning()),
                thresholds.count("stuck_vm_max_critical", d.stuckVmMaxCritical()));
    }
}
