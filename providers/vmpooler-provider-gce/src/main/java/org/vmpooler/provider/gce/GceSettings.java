package org.vmpooler.provider.gce;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.vmpooler.config.ConfigException;
import org.vmpooler.config.Settings;
import org.vmpooler.gcp.GoogleApiSettings;

/**
 * A {@code provider_class: gce} instance's own keys, read once: {@code project} (required), the defaults pools may
 * override ({@code zone}, {@code machine_type}), {@code network_name} (default {@code default}),
 * {@code operation_timeout} (seconds one zone operation may take, default 300), the connection-pool keys and the
 * shared Google keys ({@code endpoint}, {@code credentials_file}, {@code api_retries}, {@code api_retry_delay},
 * {@code request_timeout}). The reference's pre-1.0 {@code dns_zone_resource_name} and {@code domain} are ignored
 * as it ignores them: records are kept by the {@code :dns_configs:} plugin.
 */
record GceSettings(String project, Optional<String> zone, Optional<String> machineType, String networkName,
                   Duration operationTimeout, int connectionPoolSize, Duration connectionPoolTimeout,
                   GoogleApiSettings api) {

    /** Every key {@link #of} reads, with the reference's two that are accepted and ignored. */
    static final Set<String> KEYS = Stream.concat(Stream.of("project", "zone", "machine_type", "network_name",
                    "operation_timeout", "connection_pool_size", "connection_pool_timeout", "dns_zone_resource_name",
                    "domain"), GoogleApiSettings.KEYS.stream()).collect(Collectors.toUnmodifiableSet());

    static final String COMPUTE_V1 = "https://compute.googleapis.com/compute/v1/";

    static GceSettings of(Settings s, int taskLimit) {
        String project = s.string("project").filter(p -> !p.isBlank()).orElseThrow(() -> new ConfigException(
                s.path() + " > project is required in " + s.source()
                        + ": the Google Cloud project id the instances are made in"));
        int operationTimeout = s.integer("operation_timeout", 300);
        if (operationTimeout < 1) {
            throw s.invalid("operation_timeout", operationTimeout, "seconds, at least 1");
        }
        int poolSize = s.integer("connection_pool_size", Math.max(taskLimit, 2));
        if (poolSize < 1) {
            throw s.invalid("connection_pool_size", poolSize, "a whole number of at least 1");
        }
        int poolTimeout = s.integer("connection_pool_timeout", 60);
        if (poolTimeout < 1) {
            throw s.invalid("connection_pool_timeout", poolTimeout, "seconds, at least 1");
        }
        return new GceSettings(project, nonBlank(s, "zone"), nonBlank(s, "machine_type"),
                s.string("network_name", "default"), Duration.ofSeconds(operationTimeout), poolSize,
                Duration.ofSeconds(poolTimeout), GoogleApiSettings.of(s, COMPUTE_V1));
    }

    private static Optional<String> nonBlank(Settings s, String key) {
        return s.string(key).map(String::trim).filter(v -> !v.isEmpty());
    }
}
