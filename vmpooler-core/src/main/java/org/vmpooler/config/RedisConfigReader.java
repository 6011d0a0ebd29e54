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
            // Shown under :redis: by the reference's example file but only read from :config: there.
            "dlq_enabled", "dlq_ttl", "dlq_max_entries");
    private static final Set<String> SENTINEL_KEYS = Set.of("master_name", "sentinels");

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private RedisConfigReader() {
    }

    static Optional<RedisConfig> read(Settings document) {
        if (!document.has("redis")) {
            return Optional.empty();
        }
        Settings redis = SectionReader.topLevel(document, "redis");
        SectionReader section = new SectionReader(redis).warnUnknownKeys(KNOWN_KEYS);
        int port = section.count("port", 6379);
        if (port < 1 || port > 65_535) {
            throw redis.invalid("port", port, "a TCP port between 1 and 65535");
        }
        return Optional.of(new RedisConfig(redis.string("server", "localhost"), port, redis.string("username"),
                redis.string("password"), section.count("database", 0), sentinel(redis),
                section.hours("data_ttl", Duration.ofHours(168)), section.positive("connection_pool_size", 10),
                section.seconds("connection_pool_timeout", Duration.ofSeconds(5)), reconnectDelays(redis)));
    }

    private static Optional<RedisConfig.Sentinel> sentinel(Settings redis) {
        if (!redis.has("sentinel")) {
            return Optional.empty();
        }
        Settings sentinel = redis.section("sentinel");
        SectionReader section = new SectionReader(sentinel).warnUnknownKeys(SENTINEL_KEYS);
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

    private static List<Duration> reconnectDelays(Settings redis) {
        Object raw = redis.raw("reconnect_attempts").orElse(10);
        if (raw instanceof List<?> list) {
            List<Duration> delays = new ArrayList<>();
            for (Object delay : list) {
                delays.add(seconds(redis, delay));
            }
            return delays;
        }
        int attempts = new SectionReader(redis).count("reconnect_attempts", 10);
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
