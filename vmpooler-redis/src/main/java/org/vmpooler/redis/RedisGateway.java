package org.vmpooler.redis;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;

import org.vmpooler.config.RedisConfig.ReplicaAcknowledgement;
import org.vmpooler.store.StoreException;

/**
 * The way the Redis store talks to Redis: commands and scripts on the shared connection, with every Lettuce
 * failure turned into a {@link StoreException} that says what could not be done, where, and whether the
 * connection is down.
 */
final class RedisGateway {
    private static final long SCAN_BATCH = 1000;
    /** Lettuce's words for a command that was sent when the connection went away. */
    private static final Pattern IN_FLIGHT_LOST = Pattern.compile("^Connection (disconnected|closed)");

    private final RedisConnection connection;
    private final RedisCommands<String, String> redis;
    private final ReplicaAcknowledgement acknowledgement;

    RedisGateway(RedisConnection connection, ReplicaAcknowledgement acknowledgement) {
        this.connection = connection;
        this.redis = connection.commands();
        this.acknowledgement = acknowledgement;
    }

    /** Runs commands; {@code what} completes "Redis at … could not …" in the error. */
    <T> T call(String what, Function<RedisCommands<String, String>, T> commands) {
        try {
            return commands.apply(redis);
        } catch (RedisException e) {
            ConnectionWatch watch = connection.watch();
            String reason = IN_FLIGHT_LOST.matcher(String.valueOf(e.getMessage())).find()
                    ? "the connection was lost before Redis answered: the change may or may not have been made, "
                            + "and is not sent again"
                    : e.getMessage();
            throw new StoreException("Redis at " + watch.target() + " could not " + what + ": " + reason
                    + watch.outage(), e);
        }
    }

    <T> T script(String what, LuaScript script, ScriptOutputType type, List<String> keys, List<String> args) {
        return call(what, r -> script.run(r, type, keys, args));
    }

    /**
     * A script whose change a client is told of as done (a checkout, a return, a request): with replicas wanted,
     * only once that many replicas hold it (WAIT), since a Sentinel failover promotes a replica and loses whatever
     * the old master had not sent it. Fewer confirmations fail the call; the change stays on the master.
     */
    <T> T replicatedScript(String what, LuaScript script, ScriptOutputType type, List<String> keys,
                           List<String> args) {
        T result = script(what, script, type, keys, args);
        awaitReplicas(what);
        return result;
    }

    private void awaitReplicas(String what) {
        if (!acknowledgement.wanted()) {
            return;
        }
        long confirmed = call("wait for replicas to " + what, r -> r.waitForReplication(acknowledgement.replicas(),
                acknowledgement.timeout().toMillis()));
        if (confirmed < acknowledgement.replicas()) {
            throw new StoreException("Redis at " + connection.watch().target() + " made the change to " + what
                    + " but only " + confirmed + " of " + acknowledgement.replicas() + " replicas confirmed it within "
                    + acknowledgement.timeout().toMillis() + " ms (wait_for_replicas): not reported as done, since "
                    + "a failover now could lose it");
        }
    }

    /** Replaces a whole hash in one script, so no field of an earlier record survives; {@code ttlMillis} '' = none. */
    void replaceHash(String what, String key, Map<String, String> fields, String ttlMillis) {
        List<String> args = new ArrayList<>(List.of(ttlMillis));
        fields.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        script(what, LuaScript.REPLACE_HASH, ScriptOutputType.INTEGER, List.of(key), args);
    }

    /** Every key with the prefix, by SCAN in batches so that Redis is never blocked. */
    List<String> keysStartingWith(String prefix, String what) {
        return call(what, r -> {
            List<String> keys = new ArrayList<>();
            ScanArgs match = ScanArgs.Builder.matches(prefix + "*").limit(SCAN_BATCH);
            KeyScanCursor<String> cursor = r.scan(match);
            keys.addAll(cursor.getKeys());
            while (!cursor.isFinished()) {
                cursor = r.scan(ScanCursor.of(cursor.getCursor()), match);
                keys.addAll(cursor.getKeys());
            }
            return List.copyOf(new LinkedHashSet<>(keys));
        });
    }

    boolean ping() {
        try {
            return "PONG".equals(redis.ping());
        } catch (RuntimeException e) {
            return false;
        }
    }
}
