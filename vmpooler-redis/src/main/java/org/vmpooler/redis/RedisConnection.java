package org.vmpooler.redis;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import io.netty.handler.flush.FlushConsolidationHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

import org.vmpooler.config.RedisConfig;
import org.vmpooler.store.StoreException;

/**
 * The one multiplexed Lettuce connection a Redis store shares between all its threads, with what it needs:
 * standalone or Sentinel addressing, authentication, database, connect and command timeouts, automatic
 * reconnection with the configured back-off, and a {@link ConnectionWatch} reporting losses and recoveries.
 */
final class RedisConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisConnection.class);
    private static final String CLIENT_NAME = "vmpooler";
    private static final Pattern AUTH_ERROR = Pattern.compile("^(WRONGPASS|NOAUTH)|\\bAUTH\\b|password");

    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final ConnectionWatch watch;
    private final Disposable eventSubscription;
    private boolean closed;

    private RedisConnection(ClientResources resources, RedisClient client,
                            StatefulRedisConnection<String, String> connection, ConnectionWatch watch,
                            Disposable eventSubscription) {
        this.resources = resources;
        this.client = client;
        this.connection = connection;
        this.watch = watch;
        this.eventSubscription = eventSubscription;
    }

    /** Connects, or fails with a {@link StoreException} naming the target and the cause. */
    static RedisConnection open(RedisConfig config) {
        String target = describe(config);
        Duration timeout = config.connectionPoolTimeout();
        RedisURI uri = uri(config, timeout);
        ClientResources resources = DefaultClientResources.builder()
                .reconnectDelay(backOff(config.reconnectDelays()))
                .nettyCustomizer(new FlushConsolidation())
                .build();
        ConnectionWatch watch = new ConnectionWatch(target, Clock.systemUTC(), sentinelAddress(config));
        Disposable subscription = resources.eventBus().get().subscribe(watch::on);
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // Also the replay guard: with commands rejected while disconnected, a command whose reply was lost
                // fails (RedisGateway says the change may have been made) instead of being sent again after the
                // reconnect, which would take a second VM or clone slot (RedisConnectionRecoveryTest).
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
        try {
            // Behind Sentinel every (re)connection asks the sentinels for the master: after a failover the
            // sentinels demote the old master (killing its clients) and the reconnection finds the new one.
            StatefulRedisConnection<String, String> connection = client.connect(Utf8Codec.INSTANCE);
            watch.established();
            LOG.info("Connected to Redis at {}", target);
            return new RedisConnection(resources, client, connection, watch, subscription);
        } catch (RedisException e) {
            watch.closing();
            subscription.dispose();
            client.shutdown();
            resources.shutdown();
            throw new StoreException("Cannot connect to Redis at " + target + ": " + authenticationFailure(e)
                    .map(reason -> "Redis refused to authenticate vmpooler (" + reason
                            + "); check the :redis: password (REDIS_PASSWORD) and username")
                    .orElse(e.getMessage()), e);
        }
    }

    /**
     * Redis's answer when the connection failed because of the credentials: Lettuce reports such a failure as
     * "Unable to connect", with Redis's own error (WRONGPASS, NOAUTH …, never the password) among the causes.
     */
    private static Optional<String> authenticationFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RedisCommandExecutionException && cause.getMessage() != null
                    && AUTH_ERROR.matcher(cause.getMessage()).find()) {
                return Optional.of(cause.getMessage());
            }
        }
        return Optional.empty();
    }

    RedisCommands<String, String> commands() {
        return AwaitingCommands.over(connection.async());
    }

    ConnectionWatch watch() {
        return watch;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        watch.closing();
        try {
            connection.close();
            client.shutdown();
            resources.shutdown();
        } finally {
            eventSubscription.dispose();
        }
        LOG.info("Closed the connection to Redis at {}", watch.target());
    }

    private static RedisURI uri(RedisConfig config, Duration timeout) {
        RedisURI.Builder builder = config.sentinel()
                .map(sentinel -> {
                    RedisURI.Builder b = null;
                    for (String node : sentinel.nodes()) {
                        HostAndPort address = HostAndPort.parse(node, RedisURI.DEFAULT_SENTINEL_PORT);
                        b = b == null ? RedisURI.Builder.sentinel(address.host(), address.port(), sentinel.masterName())
                                : b.withSentinel(address.host(), address.port());
                    }
                    if (b == null) {
                        throw new StoreException("Redis Sentinel master '" + sentinel.masterName()
                                + "' is configured without any sentinel node");
                    }
                    return b;
                })
                .orElseGet(() -> RedisURI.Builder.redis(config.server(), config.port()));
        config.password().ifPresent(password -> config.username().ifPresentOrElse(
                user -> builder.withAuthentication(user, password),
                () -> builder.withPassword(password.toCharArray())));
        return builder.withDatabase(config.database()).withTimeout(timeout).withClientName(CLIENT_NAME).build();
    }

    /** Whether a connection's remote address is one of the configured sentinels. */
    private static Predicate<SocketAddress> sentinelAddress(RedisConfig config) {
        List<HostAndPort> sentinels = config.sentinel().stream().flatMap(s -> s.nodes().stream())
                .map(node -> HostAndPort.parse(node, RedisURI.DEFAULT_SENTINEL_PORT)).toList();
        return address -> address instanceof InetSocketAddress inet && sentinels.stream().anyMatch(s ->
                s.port() == inet.getPort() && (s.host().equals(inet.getHostString())
                        || inet.getAddress() != null && s.host().equals(inet.getAddress().getHostAddress())));
    }

    /** The configured delays in turn, then the last one for every further attempt. */
    private static Delay backOff(List<Duration> delays) {
        if (delays.isEmpty()) {
            return Delay.exponential();
        }
        return new Delay() {
            @Override
            public Duration createDelay(long attempt) {
                int index = (int) Math.min(Math.max(attempt - 1, 0), delays.size() - 1);
                return delays.get(index);
            }
        };
    }

    private static String describe(RedisConfig config) {
        return config.sentinel()
                .map(s -> "sentinel master '" + s.masterName() + "' via " + String.join(",", s.nodes()))
                .orElse(config.server() + ":" + config.port())
                + " database " + config.database();
    }

    /**
     * Every command a thread sends is flushed on its own, one write system call each: under load the shared
     * connection's event loop spent most of its time in those calls. Flushes that arrive while replies are being
     * read, or before the event loop gets to them, go out as one write; a lone command is still sent at once.
     */
    private static final class FlushConsolidation implements NettyCustomizer {
        @Override
        public void afterChannelInitialized(Channel channel) {
            channel.pipeline().addFirst(new FlushConsolidationHandler(
                    FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
        }
    }

    /** A sentinel address {@code host:port} (or a bare host). */
    private record HostAndPort(String host, int port) {
        static HostAndPort parse(String text, int defaultPort) {
            String trimmed = text.trim();
            int colon = trimmed.lastIndexOf(':');
            if (colon < 0) {
                return new HostAndPort(trimmed, defaultPort);
            }
            try {
                return new HostAndPort(trimmed.substring(0, colon), Integer.parseInt(trimmed.substring(colon + 1)));
            } catch (NumberFormatException e) {
                throw new StoreException("Redis Sentinel node '" + text + "' is not host:port", e);
            }
        }
    }
}
