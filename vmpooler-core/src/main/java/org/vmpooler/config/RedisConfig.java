package org.vmpooler.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code :redis:}. Present when the section or {@code REDIS_SERVER} is given; without it vmpooler runs on the
 * in-memory store. {@code database} and {@code sentinel} are additions of this implementation.
 * {@code reconnectDelays} is the back-off between reconnection attempts ({@code reconnect_attempts}: a count,
 * or a list of seconds).
 */
public record RedisConfig(String server, int port, Optional<String> username, Optional<String> password,
                          int database, Optional<Sentinel> sentinel, Duration dataTtl, int connectionPoolSize,
                          Duration connectionPoolTimeout, List<Duration> reconnectDelays) {

    /** Redis Sentinel: the master's name and the sentinels as {@code host:port}. */
    public record Sentinel(String masterName, List<String> nodes) {
        public Sentinel {
            nodes = List.copyOf(nodes);
        }
    }

    public RedisConfig {
        reconnectDelays = List.copyOf(reconnectDelays);
    }
}
