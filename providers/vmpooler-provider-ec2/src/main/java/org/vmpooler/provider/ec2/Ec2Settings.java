package org.vmpooler.provider.ec2;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.vmpooler.config.ConfigException;
import org.vmpooler.config.ConfigProblems;
import org.vmpooler.config.Settings;

/**
 * One {@code provider_class: ec2} instance's keys, checked once at start. Credentials are not among them: they
 * come from the AWS SDK's default chain (environment, profile, container or instance role). {@code ec2_endpoint}
 * and {@code ssm_endpoint} point the SDK elsewhere than the region's public endpoints (a VPC endpoint, a test
 * double); {@code tags} are added to every instance, volume and snapshot; {@code instance_type},
 * {@code subnet_ids} and {@code security_group_ids} are the defaults of pools that set none. A throttled call is
 * retried by the SDK up to {@code api_max_attempts} times in all, waiting a random time below
 * {@code throttle_backoff} seconds doubled per try; {@code poll_interval} and {@code wait_timeout} pace and bound
 * the waits for instances, volumes and snapshots to change state.
 */
record Ec2Settings(String region, Optional<URI> ec2Endpoint, Optional<URI> ssmEndpoint, List<String> subnetIds,
                   List<String> securityGroupIds, Optional<String> keyName, Optional<String> instanceProfile,
                   Optional<String> instanceType, Map<String, String> tags, int connectionPoolSize,
                   Duration connectionPoolTimeout, int apiMaxAttempts, Duration throttleBackoff, Duration apiCallTimeout, Duration pollInterval,
                   Duration waitLimit) {

    /** Every key {@link #of} reads. */
    static final Set<String> KEYS = Set.of("region", "ec2_endpoint", "ssm_endpoint", "subnet_ids",
            "security_group_ids", "key_name", "instance_profile", "instance_type", "tags", "connection_pool_size",
            "connection_pool_timeout", "api_max_attempts", "throttle_backoff", "api_call_timeout", "poll_interval",
            "wait_timeout");

    static Ec2Settings of(Settings s) {
        ConfigProblems check = new ConfigProblems();
        String region = check.read(() -> s.string("region").filter(r -> !r.isBlank()).orElseThrow(() ->
                new ConfigException(s.path() + " > region is required in " + s.source()
                        + ": the AWS region of the instances, such as us-east-1")), "");
        Ec2Settings settings = new Ec2Settings(region,
                check.read(() -> endpoint(s, "ec2_endpoint"), Optional.empty()),
                check.read(() -> endpoint(s, "ssm_endpoint"), Optional.empty()),
                check.read(() -> ids(s, "subnet_ids", "subnet-"), List.of()),
                check.read(() -> ids(s, "security_group_ids", "sg-"), List.of()),
                check.read(() -> s.string("key_name"), Optional.empty()),
                check.read(() -> s.string("instance_profile"), Optional.empty()),
                check.read(() -> s.string("instance_type"), Optional.empty()),
                check.read(() -> tags(s), Map.of()),
                check.read(() -> atLeastOne(s, "connection_pool_size", 10), 1),
                check.read(() -> s.seconds("connection_pool_timeout", 60), Duration.ZERO),
                check.read(() -> atLeastOne(s, "api_max_attempts", 4), 1),
                check.read(() -> s.seconds("throttle_backoff", 1), Duration.ZERO),
                check.read(() -> s.seconds("api_call_timeout", 60), Duration.ZERO),
                check.read(() -> s.seconds("poll_interval", 5), Duration.ZERO),
                check.read(() -> s.seconds("wait_timeout", 600), Duration.ZERO));
        check.throwErrors("");
        return settings;
    }

    /** A list of AWS ids of one kind, so that a subnet name or a typo stops the start instead of every launch. */
    static List<String> ids(Settings s, String key, String prefix) {
        List<String> ids = s.strings(key);
        for (String id : ids) {
            if (!id.startsWith(prefix)) {
                throw s.invalid(key, ids, "a list of ids starting with " + prefix);
            }
        }
        return List.copyOf(ids);
    }

    private static Optional<URI> endpoint(Settings s, String key) {
        return s.string(key).map(text -> {
            try {
                URI uri = URI.create(text.trim());
                if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                    throw new IllegalArgumentException();
                }
                return uri;
            } catch (IllegalArgumentException e) {
                throw s.invalid(key, text, "an http(s) URL such as https://ec2.us-east-1.amazonaws.com");
            }
        });
    }

    private static Map<String, String> tags(Settings s) {
        Map<String, String> tags = new LinkedHashMap<>();
        Settings section = s.section("tags");
        for (String key : section.keys()) {
            String value = section.string(key).orElse("");
            if (key.startsWith("aws:") || InstanceTags.RESERVED.contains(key)) {
                throw s.invalid("tags", key, "tag keys other than aws:* and vmpooler's own "
                        + InstanceTags.RESERVED);
            }
            tags.put(key, value);
        }
        return Map.copyOf(tags);
    }

    private static int atLeastOne(Settings s, String key, int fallback) {
        int value = s.integer(key, fallback);
        if (value < 1) {
            throw s.invalid(key, value, "a whole number of at least 1");
        }
        return value;
    }
}
