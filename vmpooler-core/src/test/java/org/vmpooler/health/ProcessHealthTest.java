package org.vmpooler.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.vmpooler.config.ConfigLoader;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.store.InMemoryStore;
import org.vmpooler.store.Store;
import org.vmpooler.store.StoreException;
import org.vmpooler.testing.MutableClock;

class ProcessHealthTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T00:00:00Z"), ZoneId.of("UTC"));
    private final Heartbeats heartbeats = new Heartbeats(clock, Duration.ofMinutes(10));
    private final AtomicBoolean storeAnswers = new AtomicBoolean(true);
    private final Store store = pingable(new InMemoryStore(clock), storeAnswers);

    @Test
    void livenessFollowsTheLoopsAndNeverTheStore() {
        ProcessHealth health = new ProcessHealth(store, heartbeats, List.of());
        heartbeats.register("pool-centos");
        storeAnswers.set(false);

        assertThat(health.live().ok()).isTrue();
        assertThat(health.live().checks()).containsEntry("loops", 1).containsEntry("stalled", List.of());

        clock.advance(Duration.ofMinutes(11));
        assertThat(health.live().ok()).isFalse();
        assertThat(health.live().checks()).containsEntry("stalled", List.of("pool-centos"));
    }

    @Test
    void readinessNeedsTheStoreAndEveryCondition() {
        AtomicBoolean started = new AtomicBoolean();
        AtomicInteger asked = new AtomicInteger();
        ProcessHealth health = new ProcessHealth(store, heartbeats, List.of(
                ReadinessCondition.managerStarted(() -> {
                    asked.incrementAndGet();
                    return started.get();
                })));

        assertThat(health.ready().ok()).isFalse();
        assertThat(health.ready().checks()).containsEntry("store", true).containsEntry("manager", false);

        started.set(true);
        assertThat(health.ready().ok()).isTrue();

        storeAnswers.set(false);
        int before = asked.get();
        assertThat(health.ready().ok()).isFalse();
        assertThat(health.ready().checks()).containsEntry("store", false).containsEntry("manager", false);
        assertThat(asked.get()).as("conditions are not asked while the store is down").isEqualTo(before);
    }

    @Test
    void anApiWithoutPoolsToServeIsNotReady() {
        VmpoolerConfig noPools = new ConfigLoader(clock).load(Map.of("VMPOOLER_CONFIG", ":config: {}\n"), Path.of("."));
        ProcessHealth health = new ProcessHealth(store, heartbeats, List.of(ReadinessCondition.poolsKnown(noPools)));
        assertThat(health.ready().checks()).containsEntry("pools", false);

        store.publishPools(Map.of("centos", Map.of("size", "1")));
        assertThat(health.ready().checks()).as("pools published after its start are not served by it")
                .containsEntry("pools", false);
    }

    @Test
    void aStoreFailureInsideAConditionCountsAsNotReady() {
        ProcessHealth health = new ProcessHealth(store, heartbeats, List.of(new ReadinessCondition("pools", () -> {
            throw new StoreException("lost the connection");
        })));
        assertThat(health.ready().ok()).isFalse();
        assertThat(health.ready().checks()).containsEntry("pools", false);
    }

    private static Store pingable(Store real, AtomicBoolean answers) {
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class},
                (proxy, method, args) -> method.getName().equals("ping") ? answers.get() : method.invoke(real, args));
    }
}
