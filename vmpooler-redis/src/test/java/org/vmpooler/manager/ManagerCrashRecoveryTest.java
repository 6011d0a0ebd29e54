package org.vmpooler.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpooler.config.ConfigLoader;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.domain.VmState;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.provider.ProviderRegistry;
import org.vmpooler.redis.RedisStore;
import org.vmpooler.redis.RedisTestDatabase;

/**
 * kill -9 of a manager process while it fills its pools, then a restart: the provider's inventory (the dummy
 * provider's backing file) and Redis end up in agreement — no leaked VM, no phantom record — and the pools full.
 */
class ManagerCrashRecoveryTest {

    private static final Map<String, Integer> SIZES = Map.of("alpha", 5, "beta", 3);

    @TempDir
    Path dir;

    private RedisTestDatabase db;
    private Process child;

    @BeforeEach
    void claim() {
        db = RedisTestDatabase.claim();
    }

    @AfterEach
    void release() {
        if (child != null) {
            child.destroyForcibly();
        }
        db.close();
    }

    private Path writeConfig() throws IOException {
        Path inventory = dir.resolve("dummy-inventory.yaml");
        Path config = dir.resolve("vmpooler.yaml");
        Files.writeString(config, """
                :config:
                  task_limit: 4
                  timeout: 1
                  check_loop_delay_min: 1
                  check_loop_delay_max: 2
                :redis:
                  server: '%s'
                  port: %d
                  database: %d
                :providers:
                  :dummy:
                    provider_class: dummy
                    filename: '%s'
                    createvm_max_time: 2
                    connection_pool_size: 8
                :dns_configs:
                  :example:
                    dns_class: dynamic-dns
                    domain: example.com
                :pools:
                  - name: alpha
                    template: templates/alpha
                    size: %d
                    provider: dummy
                    dns_plugin: example
                  - name: beta
                    template: templates/beta
                    size: %d
                    provider: dummy
                    dns_plugin: example
                """.formatted(RedisTestDatabase.HOST, RedisTestDatabase.PORT, db.index(), inventory,
                SIZES.get("alpha"), SIZES.get("beta")));
        return config;
    }

    @Test
    void killedWhileFillingThenRestartedSettlesWithProviderAndStoreInAgreement() throws Exception {
        Path config = writeConfig();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ManagerProcess.class.getName(),
                config.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();

        VmpoolerConfig loaded = new ConfigLoader().load(Map.of("VMPOOLER_CONFIG_FILE", config.toString()), dir);
        try (RedisStore observer = RedisStore.connect(loaded.redis().orElseThrow(), Clock.systemDefaultZone())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> observer.count("alpha", VmState.PENDING)
                    + observer.count("beta", VmState.PENDING) >= 3);
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertThat(child.isAlive()).isFalse();

            PoolManager restarted = ManagerProcess.start(config);
            try {
                ProviderRegistry providers = ProviderRegistry.load(loaded, Metrics.none(), Clock.systemDefaultZone());
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> settled(observer, providers));
            } finally {
                restarted.close();
            }
        }
    }

    /** Every pool full of ready VMs, and exactly the VMs the provider has. */
    private static boolean settled(RedisStore store, ProviderRegistry providers) {
        for (var pool : SIZES.entrySet()) {
            Set<String> known = new HashSet<>();
            for (VmState state : VmState.EXCLUSIVE) {
                known.addAll(store.vms(pool.getKey(), state));
            }
            Set<String> inProvider = new HashSet<>(providers.forPool(pool.getKey()).vmsInPool(pool.getKey()));
            if (store.count(pool.getKey(), VmState.READY) != pool.getValue() || !known.equals(inProvider)
                    || !store.vms(pool.getKey(), VmState.READY).containsAll(inProvider)) {
                return false;
            }
        }
        return true;
    }

}
