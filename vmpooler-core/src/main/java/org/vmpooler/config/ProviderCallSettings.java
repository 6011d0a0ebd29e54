package org.vmpooler.config;

import java.time.Duration;
import java.util.Optional;

/**
 * How the engine bounds and audits provider calls. Every call has a deadline: a clone the pool's {@code timeout},
 * the others these ({@code destroy_timeout}, {@code ready_check_timeout}, {@code disk_timeout},
 * {@code snapshot_timeout}, {@code provider_call_timeout} for listing, look-ups, migration and tagging, all in
 * seconds). A VM labelled as created by this instance ({@code instance_id}, else the identity kept in the store)
 * that the store does not know is destroyed once it has been seen for {@code unknown_vm_grace} seconds. When the
 * platform turns clones away for quota, capacity or throttling, the pool's clones are held back for
 * {@code capacity_backoff} seconds, doubling with each further refusal up to {@code capacity_backoff_max}. Every
 * {@code connection_pool_monitor_interval} seconds, unless {@code connection_pool_monitor_enabled} is false, the
 * providers' connection pools and circuit breakers are reported as gauges ({@code connectionPoolMonitor}).
 */
public record ProviderCallSettings(Duration destroy, Duration readyCheck, Duration disk, Duration snapshot,
                                   Duration other, Duration unknownVmGrace, Duration capacityBackoff,
                                   Duration capacityBackoffMax, Optional<Duration> connectionPoolMonitor,
                                   Optional<String> instanceId) {
    public static final ProviderCallSettings DEFAULT = new ProviderCallSettings(Duration.ofMinutes(5),
            Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ofMinutes(2),
            Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofMinutes(10), Optional.of(Duration.ofSeconds(10)),
            Optional.empty());
}
