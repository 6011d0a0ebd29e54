package org.vmpooler.redis;

import java.time.Clock;
import java.time.ZoneId;

import org.vmpooler.config.RedisConfig;
import org.vmpooler.store.ComposedStore;
import org.vmpooler.store.Keys;
import org.vmpooler.store.Store;
import org.vmpooler.store.StoreException;

/**
 * The {@link Store} on Redis, with the reference's key schema ({@link Keys}) and value formats so that Ruby and
 * Java processes can share one Redis. One class per aggregate ({@code RedisVmQueues}, {@code RedisVmLifecycle},
 * ...) talks to Redis through one {@link RedisGateway} on one multiplexed connection; every change touching more
 * than one key, or reading before writing, is one Lua script ({@link LuaScript}), so it is atomic across
 * processes. Times are written in the zone of the store's clock.
 */
public final class RedisStore extends ComposedStore {

    private final RedisConnection connection;
    private final RedisGateway gateway;

    private RedisStore(RedisConnection connection, RedisGateway gateway, ZoneId zone) {
        this(connection, gateway, zone, new RedisVmLifecycle(gateway, zone));
    }

    private RedisStore(RedisConnection connection, RedisGateway gateway, ZoneId zone, RedisVmLifecycle lifecycle) {
        super(new RedisVmQueues(gateway), lifecycle, new RedisCloneSlots(gateway),
                new RedisPoolSettings(gateway), new RedisStatistics(gateway), new RedisTokens(gateway, zone),
                new RedisOndemandRequests(gateway), new RedisOperations(gateway),
                new RedisPoolLeases(gateway, lifecycle));
        this.connection = connection;
        this.gateway = gateway;
    }

    /** Connects to the configured Redis (standalone or Sentinel) and loads the scripts. */
    public static RedisStore connect(RedisConfig config, Clock clock) {
        RedisConnection connection = RedisConnection.open(config);
        RedisStore store = new RedisStore(connection, new RedisGateway(connection, config.replicaAcknowledgement()), clock.getZone());
        try {
            store.gateway.call("load the Lua scripts", r -> {
                LuaScript.loadAll(r);
                return null;
            });
        } catch (StoreException e) {
            connection.close();
            throw e;
        }
        return store;
    }

    /** Whether the connection is up, by the last connection events (for health reporting). */
    public boolean connected() {
        return connection.watch().connected();
    }

    /** How many times the connection was lost and re-established since the store connected. */
    public long connectionLosses() {
        return connection.watch().losses();
    }

    public long connectionRecoveries() {
        return connection.watch().recoveries();
    }

    @Override
    public boolean ping() {
        return gateway.ping();
    }

    @Override
    public void close() {
        connection.close();
    }
}
