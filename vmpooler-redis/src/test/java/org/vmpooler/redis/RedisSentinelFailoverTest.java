package org.vmpooler.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.vmpooler.domain.CheckoutLine;
import org.vmpooler.domain.CheckoutRequest;
import org.vmpooler.domain.CheckoutResult;
import org.vmpooler.domain.VmState;
import org.vmpooler.store.StoreException;

/**
 * The store behind real Sentinels ({@link RedisSentinelCluster}): a checkout is only reported once a replica holds
 * it, and the store follows a failover to the promoted replica by itself.
 */
class RedisSentinelFailoverTest {

    private static final String POOL = "debian";

    @TempDir
    static Path dir;

    private static RedisSentinelCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = RedisSentinelCluster.start(dir);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aCheckoutIsReportedOnlyOnceTheReplicaHoldsIt() throws Exception {
        try (RedisStore store = RedisStore.connect(cluster.config(1), Clock.systemUTC())) {
            store.add(POOL, "vm-seen", VmState.READY);
            store.add(POOL, "vm-unconfirmed", VmState.READY);

            String first = granted(store.checkout(oneVm()));
            assertThat(cluster.<Set<String>>onNode(cluster.replicaPort(), r -> {
                r.select(1);
                return r.smembers("vmpooler__running__" + POOL);
            })).as("the replica's copy when the checkout returned").containsExactly(first);

            int replica = cluster.replicaPort();
            cluster.freeze(replica);
            try {
                assertThatThrownBy(() -> store.checkout(oneVm()))
                        .isInstanceOf(StoreException.class)
                        .hasMessageContaining("only 0 of 1 replicas confirmed it")
                        .hasMessageContaining("wait_for_replicas");
            } finally {
                cluster.thaw(replica);
            }
        }
    }

    @Test
    void theStoreFollowsAFailoverToThePromotedReplica() throws Exception {
        try (RedisStore store = RedisStore.connect(cluster.config(2), Clock.systemUTC())) {
            store.add(POOL, "vm-before", VmState.READY);
            int old = cluster.masterPort();

            int promoted = cluster.failover();

            assertThat(promoted).isNotEqualTo(old);
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .untilAsserted(() -> store.add(POOL, "vm-after", VmState.READY));
            assertThat(cluster.<Set<String>>onMaster(2, r -> r.smembers("vmpooler__ready__" + POOL)))
                    .containsExactlyInAnyOrder("vm-before", "vm-after");
            assertThat(store.connected()).as("connected, by the connection events").isTrue();
        }
    }

    @Test
    void theStoreFollowsTheReplicaPromotedAfterTheMasterIsKilled() throws Exception {
        try (RedisStore store = RedisStore.connect(cluster.config(3), Clock.systemUTC())) {
            store.add(POOL, "vm-confirmed", VmState.READY);
            String checkedOut = granted(store.checkout(oneVm()));
            int old = cluster.masterPort();

            int promoted = cluster.killMaster();

            assertThat(promoted).isNotEqualTo(old);
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .untilAsserted(() -> store.add(POOL, "vm-after", VmState.READY));
            assertThat(cluster.<Set<String>>onMaster(3, r -> r.smembers("vmpooler__running__" + POOL)))
                    .as("the checkout confirmed by the replica before the master died").containsExactly(checkedOut);
            cluster.restartKilled();
        }
    }

    private static CheckoutRequest oneVm() {
        return new CheckoutRequest(List.of(new CheckoutLine(POOL, List.of(POOL), 1)), Instant.now(), null, null,
                null, false);
    }

    private static String granted(CheckoutResult result) {
        assertThat(result).isInstanceOf(CheckoutResult.Granted.class);
        return ((CheckoutResult.Granted) result).grants().get(0).vm();
    }
}
