package org.vmpooler.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code :redis:}. Absent section: vmpooler runs on its in-memory store. {@code reconnect_attempts} is
 * either a count N (N attempts with exponential back-off) or the list of delays in seconds.
 */
final class RedisConfigReader {
    static final Set<String> KNOWN_KEYS = Set.of("server", "port", "username", "password", "database", "sentinel",
            "data_ttl", "connection_pool_size", "connection_pool_timeout", "reconnect_attempts",
            "wait_for_replicas", "wait_for_replicas_timeout",
            // Shown under :redis: by the reference's example file but only read from :config: there.
            "dlq_enabled", "dlq_ttl", "dlq_max_entries");
    private static final Set<String> SENTINEL_KEYS = Set.of("master_name", "sentinels");

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private RedisConfigReader() {
    }

    static Optional<RedisConfig> read(Settings document, ConfigProblems problems) {
        if (!document.has("redis")) {
            return Optional.empty();
        }
        Settings redis = SectionReader.topLevel(document, "redis");
        SectionReader section = new SectionReader(redis, problems).warnUnknownKeys(KNOWN_KEYS);
        int port = section.count("port", 6379);
        if (port < 1 || port > 65_535) {
            throw redis.invalid("port", port, "a TCP port between 1 and 65535");
        }
        Optional<RedisConfig.Sentinel> sentinel = sentinel(redis, problems);
        return Optional.of(new RedisConfig(redis.string("server", "localhost"), port, redis.string("username"),
                redis.string("password"), section.count("database", 0), sentinel,
                section.hours("data_ttl", Duration.ofHours(168)), section.positive("connection_pool_size", 10),
                section.seconds("connection_pool_timeout", Duration.ofSeconds(5)), reconnectDelays(section),
                replicaAcknowledgement(section, sentinel.isPresent())));
    }

    /**
     * Behind Sentinel a failover promotes a replica, and whatever the old master had not yet sent it is gone: by
     * default a checkout is confirmed by one replica before the client hears of it. Standalone waits for none.
     */
    private static RedisConfig.ReplicaAcknowledgement replicaAcknowledgement(SectionReader section,
                                                                             boolean behindSentinel) {
        int replicas = section.count("wait_for_replicas", behindSentinel ? 1 : 0);
        if (replicas < 0) {
            section.problems().error(section.settings().invalid("wait_for_replicas", replicas,
                    "a whole number of at least 0").getMessage());
            replicas = 0;
        }
        int timeoutSeconds = section.positive("wait_for_replicas_timeout", 1);
        return new RedisConfig.ReplicaAcknowledgement(replicas, Duration.ofSeconds(timeoutSeconds));
    }

    private static Optional<RedisConfig.Sentinel> sentinel(Settings redis, ConfigProblems problems) {
        if (!redis.has("sentinel")) {
            return Optional.empty();
        }
        Settings sentinel = redis.section("sentinel");
        SectionReader section = new SectionReader(sentinel, problems).warnUnknownKeys(SENTINEL_KEYS);
        List<String> nodes = sentinel.strings("sentinels");
        if (nodes.isEmpty()) {
            throw new ConfigException("missing required key " + section.where("sentinels") + " in "
                    + sentinel.source() + " (a list of host:port)");
        }
        for (String node : nodes) {
            int colon = node.lastIndexOf(':');
            if (colon < 1 || !node.substring(colon + 1).matches("\\d{1,5}")) {
                throw sentinel.invalid("sentinels", node, "host:port entries");
            }
        }
        return Optional.of(new RedisConfig.Sentinel(section.required("master_name"), nodes));
    }

    private static List<Duration> reconnectDelays(SectionReader section) {
        Settings redis = section.settings();
        Object raw = redis.raw("reconnect_attempts").orElse(10);
        if (raw instanceof List<?> list) {
            List<Duration> delays = new ArrayList<>();
            for (Object delay : list) {
                delays.add(seconds(redis, delay));
            }
            return delays;
        }
        int attempts = section.count("reconnect_attempts", 10);
        List<Duration> delays = new ArrayList<>();
        Duration next = FIRST_BACKOFF;
        for (int i = 0; i < attempts; i++) {
            delays.add(next);
            next = next.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : next.multipliedBy(2);
        }
        return delays;
    }

    private static Duration seconds(Settings redis, Object delay) {
        try {
            BigDecimal seconds = new BigDecimal(String.valueOf(delay).trim());
            if (seconds.signum() < 0) {
                throw redis.invalid("reconnect_attempts", delay, "delays of at least 0 seconds");
            }
            return Duration.ofMillis(seconds.movePointRight(3).longValue());
        } catch (NumberFormatException e) {
            throw redis.invalid("reconnect_attempts", delay, "a number of attempts or a list of delays in seconds");
        }
    }
}
