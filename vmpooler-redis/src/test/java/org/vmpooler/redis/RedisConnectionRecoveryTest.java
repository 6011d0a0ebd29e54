package org.vmpooler.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lettuce.core.KillArgs;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import org.vmpooler.config.RedisConfig;
import org.vmpooler.domain.CloneKind;
import org.vmpooler.domain.VmState;
import org.vmpooler.store.Keys;
import org.vmpooler.store.StoreException;

/** Losing the connection to Redis is reported, fails calls clearly instead of hanging, and heals by itself. */
class RedisConnectionRecoveryTest {

    private RedisTestDatabase db;

    @BeforeEach
    void claim() {
        db = RedisTestDatabase.claim();
    }

    @AfterEach
    void release() {
        db.close();
    }

    @Test
    void aKilledConnectionIsReportedAndReEstablished() {
        Logger watchLog = (Logger) LoggerFactory.getLogger(ConnectionWatch.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        watchLog.addAppender(log);
        try (RedisStore store = RedisStore.connect(db.config(), Clock.systemUTC())) {
            store.add("centos-7", "vm-a", VmState.READY);

            long killed = db.redis().clientKill(KillArgs.Builder.id(ownClientId(store)));
            assertThat(killed).isEqualTo(1);

            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> store.connectionRecoveries() == 1);
            assertThat(store.connectionLosses()).isEqualTo(1);
            assertThat(store.connected()).isTrue();
            assertThat(store.ping()).isTrue();
            assertThat(store.vms("centos-7", VmState.READY)).containsExactly("vm-a");
        } finally {
            watchLog.detachAppender(log);
        }
        String target = "Redis at 127.0.0.1:6379 database " + db.index();
        assertThat(log.list).anySatisfy(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).startsWith("Lost the connection to " + target);
        }).anySatisfy(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.INFO);
            assertThat(event.getFormattedMessage()).startsWith("Reconnected to " + target);
        });
    }

    @Test
    void whileRedisIsUnreachableCallsFailWithAClearStoreExceptionAndRecoverWhenItIsBack() throws IOException {
        try (TcpProxy proxy = new TcpProxy(RedisTestDatabase.HOST, RedisTestDatabase.PORT);
             RedisStore store = RedisStore.connect(through(proxy), Clock.systemUTC())) {
            store.add("centos-7", "vm-a", VmState.READY);

            proxy.cut();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !store.connected());
            assertThat(store.ping()).isFalse();
            assertThatThrownBy(() -> store.count("centos-7", VmState.READY))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("Redis at 127.0.0.1:" + proxy.port())
                    .hasMessageContaining("could not count the ready VMs of centos-7")
                    .hasMessageContaining("the connection was lost");

            proxy.restore();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(store::connected);
            assertThat(store.count("centos-7", VmState.READY)).isEqualTo(1);
            assertThat(store.connectionLosses()).isEqualTo(1);
        }
    }

    /**
     * Lettuce sends a command again after reconnecting when its reply never came. A change that Redis made before
     * the connection died would then be made twice: here a clone slot taken twice for one caller, which would
     * never be given back.
     */
    @Test
    @Timeout(60)
    void aChangeWhoseReplyWasLostIsNotMadeAgainAfterReconnecting() throws Exception {
        try (TcpProxy proxy = new TcpProxy(RedisTestDatabase.HOST, RedisTestDatabase.PORT);
             RedisStore store = RedisStore.connect(through(proxy, Duration.ofSeconds(20)), Clock.systemUTC())) {
            assertThat(store.ping()).isTrue();
            proxy.dropReplies(true);
            CompletableFuture<Boolean> acquired = CompletableFuture.supplyAsync(
                    () -> store.tryAcquireCloneSlots(CloneKind.POOL, 1, 10, "manager-1") == 1,
                        Executors.newVirtualThreadPerTaskExecutor());
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> slotsTaken() == 1);

            proxy.cut();
            proxy.dropReplies(false);
            proxy.restore();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> store.connectionRecoveries() == 1);
            Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(store::ping);

            assertThat(slotsTaken()).as("the slot taken once, not again by a replayed command").isEqualTo(1);
            assertThatThrownBy(() -> acquired.get(30, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(StoreException.class).hasMessageContaining("could not take clone slots")
                    .hasMessageContaining("the change may or may not have been made, and is not sent again");
        }
    }

    private long slotsTaken() {
        String value = db.redis().get(Keys.cloneSlots(CloneKind.POOL));
        return value == null ? 0 : Long.parseLong(value);
    }

    @Test
    @Timeout(30)
    void aRedisThatStopsAnsweringFailsTheCallAfterTheCommandTimeoutInsteadOfHanging() throws IOException {
        try (TcpProxy proxy = new TcpProxy(RedisTestDatabase.HOST, RedisTestDatabase.PORT);
             RedisStore store = RedisStore.connect(through(proxy, Duration.ofSeconds(1)), Clock.systemUTC())) {
            store.add("centos-7", "vm-a", VmState.READY);

            proxy.stall(true);
            assertThatThrownBy(() -> store.count("centos-7", VmState.READY))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("could not count the ready VMs of centos-7")
                    .hasMessageContaining("timed out");

            proxy.stall(false);
            Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                    .until(() -> store.count("centos-7", VmState.READY) == 1);
        }
    }

    @Test
    void connectingToAnAddressWhereNoRedisAnswersFailsWithTheAddress() throws IOException {
        int unused;
        try (ServerSocket probe = new ServerSocket(0)) {
            unused = probe.getLocalPort();
        }
        RedisConfig nowhere = new RedisConfig("127.0.0.1", unused, Optional.empty(), Optional.empty(), 0,
                Optional.empty(), Duration.ofHours(1), 1, Duration.ofSeconds(2), db.config().reconnectDelays());
        assertThatThrownBy(() -> RedisStore.connect(nowhere, Clock.systemUTC()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("Cannot connect to Redis at 127.0.0.1:" + unused);
    }

    @Test
    void aWrongPasswordIsRefusedAtConnect() {
        RedisConfig config = db.config();
        RedisConfig wrong = new RedisConfig(config.server(), config.port(), Optional.of("nobody"),
                Optional.of("not-the-password"), config.database(), Optional.empty(), config.dataTtl(),
                config.connectionPoolSize(), config.connectionPoolTimeout(), config.reconnectDelays());
        assertThatThrownBy(() -> RedisStore.connect(wrong, Clock.systemUTC()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("Cannot connect to Redis at 127.0.0.1:6379 database " + config.database())
                .hasMessageContaining("refused to authenticate");
    }

    private RedisConfig through(TcpProxy proxy) {
        return through(proxy, db.config().connectionPoolTimeout());
    }

    /** With {@code timeout} as connect and command timeout, as {@code connection_pool_timeout} sets both. */
    private RedisConfig through(TcpProxy proxy, Duration timeout) {
        RedisConfig config = db.config();
        return new RedisConfig("127.0.0.1", proxy.port(), config.username(), config.password(), config.database(),
                config.sentinel(), config.dataTtl(), config.connectionPoolSize(), timeout, config.reconnectDelays());
    }

    /** The id of the store's connection, found by its client name and database among the server's clients. */
    private long ownClientId(RedisStore store) {
        store.ping();
        String clients = db.redis().clientList();
        return clients.lines()
                .filter(line -> line.contains(" name=vmpooler ") && line.contains(" db=" + db.index() + " "))
                .map(line -> Long.parseLong(line.substring(3, line.indexOf(' '))))
                .findFirst().orElseThrow(() -> new AssertionError("store connection not in CLIENT LIST:\n" + clients));
    }
}
