package org.vmpooler.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code :redis:}. Present when the section or {@code REDIS_SERVER} is given; without it vmpooler runs on the
 * in-memory store. {@code database} and {@code sentinel} are additions of this implementation.
 * {@code reconnectDelays} is the back-off between reconnection attempts ({@code reconnect_attempts}: a count,
 * or a list of seconds). {@code replicaAcknowledgement} ({@code wait_for_replicas}) is how many replicas must
 * hold a change acknowledged to a client before the client is told (docs/OPERATIONS.md, "Redis Sentinel").
 */
public record RedisConfig(String server, int port, Optional<String> username, Optional<String> password,
                          int database, Optional<Sentinel> sentinel, Duration dataTtl, int connectionPoolSize,
                          Duration connectionPoolTimeout, List<Duration> reconnectDelays,
                          ReplicaAcknowledgement replicaAcknowledgement) {

    /**
     * How many replicas must confirm a client-acknowledged change (Redis WAIT) and how long to wait for them;
     * {@code replicas} 0 waits for none.
     */
    public record ReplicaAcknowledgement(int replicas, Duration timeout) {
        public static final ReplicaAcknowledgement NONE = new ReplicaAcknowledgement(0, Duration.ofSeconds(1));

        public boolean wanted() {
            return replicas > 0;
        }
    }

    /** Redis Sentinel: the master's name and the sentinels as {@code host:port}. */
    public record Sentinel(String masterName, List<String> nodes) {
        public Sentinel {
            nodes = List.copyOf(nodes);
        }
    }

    public RedisConfig {
        reconnectDelays = List.copyOf(reconnectDelays);
    }

    /** A configuration that waits for no replica. */
    public RedisConfig(String server, int port, Optional<String> username, Optional<String> password, int database,
                       Optional<Sentinel> sentinel, Duration dataTtl, int connectionPoolSize,
                       Duration connectionPoolTimeout, List<Duration> reconnectDelays) {
        this(server, port, username, password, database, sentinel, dataTtl, connectionPoolSize, connectionPoolTimeout,
                reconnectDelays, ReplicaAcknowledgement.NONE);
    }

    /** The same configuration waiting for {@code acknowledgement}. */
    public RedisConfig withReplicaAcknowledgement(ReplicaAcknowledgement acknowledgement) {
        return new RedisConfig(server, port, username, password, database, sentinel, dataTtl, connectionPoolSize,
                connectionPoolTimeout, reconnectDelays, acknowledgement);
    }
}
