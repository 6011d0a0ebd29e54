package org.vmpooler.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import org.vmpooler.config.EmptyStorePolicy;
import org.vmpooler.redis.RedisSentinelCluster;

/**
 * A {@code bin/vmpooler server} process whose Redis (its own, behind Sentinel) is flushed under it while the dummy
 * provider's inventory file still holds its VMs, two of them checked out: the manager adopts them back
 * (on_empty_store's default), the checked-out ones running with their records, and the pool serves again; told
 * to stop instead, it stops.
 */
class EmptyStoreAdoptionIT {

    private static final String POOL = "debian";
    private static final int POOL_SIZE = 5;
    private static final int DATABASE = 0;

    @TempDir
    Path dir;

    @Test
    void aFlushedStoreGetsItsVmsAdoptedAndThePoolServesAgain() throws Exception {
        try (RedisSentinelCluster redis = RedisSentinelCluster.start(Files.createDirectories(dir.resolve("redis")))) {
            Path inventory = dir.resolve("inventory.yaml");
            int port = ServiceProcesses.freePort();
            Process server = startServer(redis, inventory, "adopt", port);
            try {
                ServiceApi.eventually().until(() -> ServiceApi.readyCount(port, POOL) == POOL_SIZE);
                List<String> checkedOut = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    JsonNode granted = ServiceApi.send(port, "POST", "/api/v3/vm/" + POOL);
                    checkedOut.add(granted.path(POOL).path("hostname").asText().split("\\.")[0]);
                }
                ServiceApi.eventually().until(() -> providerVms(inventory).size() == POOL_SIZE + 2);

                redis.onMaster(DATABASE, r -> r.flushall());

                ServiceApi.eventually().untilAsserted(() -> assertThat(
                        redis.<Set<String>>onMaster(DATABASE, r -> r.smembers("vmpooler__running__" + POOL)))
                        .as("the checked-out VMs, adopted as running").containsAll(checkedOut));
                for (String vm : checkedOut) {
                    assertThat(redis.<String>onMaster(DATABASE, r -> r.hget("vmpooler__vm__" + vm, "checkout")))
                            .as("the rebuilt checkout time of " + vm).isNotBlank();
                }
                ServiceApi.eventually().until(() -> ServiceApi.readyCount(port, POOL) == POOL_SIZE);
                JsonNode again = ServiceApi.send(port, "POST", "/api/v3/vm/" + POOL);
                assertThat(again.path("ok").asBoolean()).as("a checkout after the flush: " + again).isTrue();
                assertThat(checkedOut).doesNotContain(again.path(POOL).path("hostname").asText().split("\\.")[0]);

                ServiceApi.eventually().untilAsserted(() -> assertThat(storeVms(redis))
                        .as("provider inventory and store agree").isEqualTo(providerVms(inventory)));
                assertThat(Files.readString(dir.resolve("server.log"))).contains("on_empty_store: adopt");
            } finally {
                server.destroy();
                server.waitFor();
            }
        }
    }

    /**
     * With {@code on_empty_store: stop} the same flush stops the process with exit status 3 and says why, and every
     * VM the provider had, checked out or not, is still there.
     */
    @Test
    void aFlushedStoreStopsTheProcessWhenToldToAndTouchesNoVm() throws Exception {
        try (RedisSentinelCluster redis = RedisSentinelCluster.start(Files.createDirectories(dir.resolve("redis")))) {
            Path inventory = dir.resolve("inventory.yaml");
            int port = ServiceProcesses.freePort();
            Process server = startServer(redis, inventory, "stop", port);
            try {
                ServiceApi.eventually().until(() -> ServiceApi.readyCount(port, POOL) == POOL_SIZE);
                for (int i = 0; i < 2; i++) {
                    assertThat(ServiceApi.send(port, "POST", "/api/v3/vm/" + POOL).path("ok").asBoolean()).isTrue();
                }
                ServiceApi.eventually().until(() -> providerVms(inventory).size() == POOL_SIZE + 2);
                Set<String> before = providerVms(inventory);

                redis.onMaster(DATABASE, r -> r.flushall());

                assertThat(server.waitFor(90, TimeUnit.SECONDS)).as("the process stopped by itself").isTrue();
                assertThat(server.exitValue()).isEqualTo(EmptyStorePolicy.STOP_EXIT_STATUS);
                assertThat(Files.readString(dir.resolve("server.log")))
                        .contains("the provider lists " + before.size() + " VMs of which " + before.size()
                                + " are unknown to the store")
                        .contains("stopping as on_empty_store: stop says").contains("vmpooler stopped");
                assertThat(providerVms(inventory)).as("every VM left as it was").isEqualTo(before);
            } finally {
                server.destroy();
                server.waitFor();
            }
        }
    }

    private Process startServer(RedisSentinelCluster redis, Path inventory, String onEmptyStore, int port)
            throws IOException {
        Path config = Files.writeString(dir.resolve("vmpooler.yaml"), """
                :config:
                  check_loop_delay_min: 1
                  check_loop_delay_max: 1
                  on_empty_store: %s
                :redis:
                  database: %d
                  sentinel:
                    master_name: %s
                    sentinels: [%s]
                :providers:
                  :dummy:
                    provider_class: dummy
                    filename: '%s'
                :dns_configs:
                  :example:
                    dns_class: dynamic-dns
                    domain: example.com
                :pools:
                  - name: %s
                    template: templates/debian
                    size: %d
                    provider: dummy
                    dns_plugin: example
                """.formatted(onEmptyStore, DATABASE, RedisSentinelCluster.MASTER_NAME,
                redis.sentinelNodes().stream().map(s -> "'" + s + "'").collect(Collectors.joining(", ")),
                inventory, POOL, POOL_SIZE));
        return ServiceProcesses.start(ServiceProcesses.mainClass(List.of("server")), dir, dir.resolve("server.log"),
                Map.of("PORT", Integer.toString(port), "VMPOOLER_CONFIG_FILE", config.toString()));
    }

    /** Every VM the store has in one of the pool's live queues. */
    private static Set<String> storeVms(RedisSentinelCluster redis) {
        Set<String> vms = new HashSet<>();
        for (String queue : List.of("pending", "ready", "running", "completed", "discovered")) {
            vms.addAll(redis.<Set<String>>onMaster(DATABASE, r -> r.smembers("vmpooler__" + queue + "__" + POOL)));
        }
        return vms;
    }

    /** The names of every VM the dummy's inventory file lists. */
    private static Set<String> providerVms(Path inventory) throws Exception {
        if (!Files.exists(inventory)) {
            return Set.of();
        }
        Set<String> names = new HashSet<>();
        try (Reader reader = Files.newBufferedReader(inventory)) {
            collectNames(new Yaml().load(reader), names);
        }
        return names;
    }

    private static void collectNames(Object node, Set<String> names) {
        if (node instanceof Map<?, ?> map) {
            if (map.get("name") instanceof String name) {
                names.add(name);
            }
            map.values().forEach(v -> collectNames(v, names));
        } else if (node instanceof List<?> list) {
            list.forEach(v -> collectNames(v, names));
        }
    }
}
