package org.vmpooler.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmpooler.server.ServiceProcesses.awaitLog;
import static org.vmpooler.server.ServiceProcesses.freePort;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * Several {@code manager} processes on one Redis of the test's own, with an {@code api} process and the dummy
 * provider on one shared inventory file (one "platform" all managers see): the pools fill to exactly their size
 * and spread over the managers, a killed manager's pools are taken over once its leases run out, a stopped
 * manager hands its pools over, and no checked-out VM is destroyed on the way. Without leases a second manager
 * refuses to start.
 */
class SeveralManagersProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REDIS_LIFETIME = Duration.ofMinutes(4);
    private static final List<String> POOLS = List.of("p1", "p2", "p3", "p4", "p5", "p6");
    private static final int SIZE = 3;
    /** Bounded waits, generous for a loaded machine; the lease TTL of the test is 4 s. */
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopEverything() throws InterruptedException {
        // SIGTERM first: the Redis runs under timeout(1), which passes it on but cannot pass on a SIGKILL.
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void managersShareThePoolsTakeOverFromAKilledOneAndNeverDestroyACheckedOutVm() throws Exception {
        int redisPort = startRedis();
        Path config = writeConfig(redisPort, true);
        Map<Long, Process> managers = new LinkedHashMap<>();
        for (int i = 1; i <= 3; i++) {
            Process manager = startRole("manager", config, "manager-" + i);
            managers.put(manager.pid(), manager);
        }
        int apiPort = freePort();
        Process api = ServiceProcesses.start(ServiceProcesses.mainClass(List.of("api")), dir, dir.resolve("api.log"),
                Map.of("VMPOOLER_CONFIG_FILE", config.toString(), "PORT", Integer.toString(apiPort)));
        processes.add(api);
        awaitLog(dir.resolve("api.log"), "vmpooler started");

        // Filled to exactly their size, two pools per manager.
        await(() -> {
            JsonNode status = status(apiPort);
            return POOLS.stream().allMatch(p -> pool(status, p).get("ready").asInt() == SIZE)
                    && status.get("status").get("managers").size() == 3
                    && ownedCounts(status).values().stream().allMatch(n -> n == 2) && ownedCounts(status).size() == 3;
        });
        assertThat(inventory()).as("no pool was cloned twice over").isEqualTo(POOLS.size() * SIZE);

        // Checked-out VMs, one from each pool.
        List<String> checkedOut = new ArrayList<>();
        for (String pool : POOLS) {
            JsonNode checkout = JSON.readTree(ServiceProcesses.post(apiPort, "/api/v3/vm/" + pool).body());
            assertThat(checkout.get("ok").asBoolean()).as("checkout from %s", pool).isTrue();
            checkedOut.add(checkout.get(pool).get("hostname").asText().split("\\.")[0]);
        }
        // /status may answer from its one-second cache, from before the checkouts: wait for the refills too.
        await(() -> {
            JsonNode status = status(apiPort);
            return POOLS.stream().allMatch(p -> pool(status, p).get("ready").asInt() == SIZE)
                    && inventory() >= POOLS.size() * (SIZE + 1);
        });
        assertThat(inventory()).as("each checkout refilled once").isEqualTo(POOLS.size() * (SIZE + 1));

        // kill -9 of the owner of p1: its two pools go to the other two managers once its leases run out.
        String victimId = pool(status(apiPort), "p1").get("manager").asText();
        Process victim = managers.remove(pidOf(victimId));
        victim.destroyForcibly();
        assertThat(victim.waitFor(20, TimeUnit.SECONDS)).isTrue();
        await(() -> {
            JsonNode status = status(apiPort);
            return POOLS.stream().noneMatch(p -> victimId.equals(pool(status, p).path("manager").asText()))
                    && POOLS.stream().allMatch(p -> pool(status, p).has("manager"))
                    && status.get("status").get("managers").size() == 2
                    && ownedCounts(status).values().stream().allMatch(n -> n == 3);
        });
        assertStillRunning(apiPort, checkedOut);

        // SIGTERM of one of the two left: it releases its leases, the last manager takes all six.
        Process stopped = managers.values().iterator().next();
        String stoppedId = idOf(status(apiPort), stopped.pid());
        stopped.destroy();
        assertThat(stopped.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(stopped.exitValue()).isZero();
        assertThat(Files.readString(logOf(stopped))).contains("manager " + stoppedId + " released its pools");
        await(() -> {
            JsonNode status = status(apiPort);
            return ownedCounts(status).size() == 1 && ownedCounts(status).values().iterator().next() == POOLS.size()
                    && POOLS.stream().allMatch(p -> pool(status, p).get("ready").asInt() == SIZE);
        });
        assertStillRunning(apiPort, checkedOut);
        assertThat(inventory()).as("pools at size again, nothing leaked or lost")
                .isEqualTo(POOLS.size() * (SIZE + 1));
        for (Path log : logs.values()) {
            assertThat(Files.readString(log)).doesNotContain("destroying it as a leak");
        }
    }

    @Test
    void withoutLeasesASecondManagerRefusesToStart() throws Exception {
        int redisPort = startRedis();
        Path config = writeConfig(redisPort, false);
        startRole("manager", config, "first");
        Process second = ServiceProcesses.start(ServiceProcesses.mainClass(List.of("manager")), dir,
                dir.resolve("second.log"), Map.of("VMPOOLER_CONFIG_FILE", config.toString(),
                        "PORT", Integer.toString(freePort())));
        processes.add(second);
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("second.log")))
                .contains("refusing to start the pool manager: another pool manager")
                .contains("manager_leases is off");
    }

    private Process startRole(String role, Path config, String name) throws IOException {
        Path log = dir.resolve(name + ".log");
        Process process = ServiceProcesses.start(ServiceProcesses.mainClass(List.of(role)), dir, log,
                Map.of("VMPOOLER_CONFIG_FILE", config.toString(), "PORT", Integer.toString(freePort())));
        processes.add(process);
        logs.put(process.pid(), log);
        awaitLog(log, "pool manager");
        return process;
    }

    private final Map<Long, Path> logs = new HashMap<>();

    private Path logOf(Process process) {
        return logs.get(process.pid());
    }

    private Path writeConfig(int redisPort, boolean leases) throws IOException {
        StringBuilder yaml = new StringBuilder("""
                :config:
                  prefix: 'mm-'
                  task_limit: 30
                  check_loop_delay_min: 1
                  check_loop_delay_max: 2
                  manager_lease_ttl: 4
                """);
        yaml.append("  manager_leases: ").append(leases).append('\n');
        yaml.append(":redis:\n  server: 127.0.0.1\n  port: ").append(redisPort).append('\n');
        yaml.append(":providers:\n  :dummy:\n    provider_class: dummy\n    filename: ")
                .append(dir.resolve("inventory.yaml")).append('\n');
        yaml.append(":dns_configs:\n  :example:\n    dns_class: dynamic-dns\n    domain: example.com\n:pools:\n");
        for (String pool : POOLS) {
            yaml.append("  - name: ").append(pool).append("\n    template: templates/").append(pool)
                    .append("\n    size: ").append(SIZE).append("\n    provider: dummy\n    dns_plugin: example\n");
        }
        Path config = dir.resolve("vmpooler.yaml");
        Files.writeString(config, yaml);
        return config;
    }

    /** How many VMs the shared dummy "platform" holds. */
    @SuppressWarnings("unchecked")
    private int inventory() throws IOException {
        Path file = dir.resolve("inventory.yaml");
        Map<String, Object> document = new Yaml().load(Files.readString(file));
        Map<String, List<Object>> pools = (Map<String, List<Object>>) document.get("pool");
        return pools.values().stream().mapToInt(List::size).sum();
    }

    private void assertStillRunning(int apiPort, List<String> checkedOut) throws Exception {
        for (String vm : checkedOut) {
            JsonNode record = JSON.readTree(ServiceProcesses.get(apiPort, "/api/v3/vm/" + vm).body());
            assertThat(record.get("ok").asBoolean()).as("%s still known", vm).isTrue();
            assertThat(record.get(vm).get("state").asText()).as("%s still checked out", vm).isEqualTo("running");
        }
        String file = Files.readString(dir.resolve("inventory.yaml"));
        assertThat(checkedOut).allSatisfy(vm -> assertThat(file).as("%s still in the provider", vm).contains(vm));
    }

    private static JsonNode status(int apiPort) throws Exception {
        return JSON.readTree(ServiceProcesses.get(apiPort, "/api/v3/status").body());
    }

    private static JsonNode pool(JsonNode status, String pool) {
        return status.get("pools").get(pool);
    }

    private static Map<String, Integer> ownedCounts(JsonNode status) {
        Map<String, Integer> counts = new HashMap<>();
        for (String pool : POOLS) {
            JsonNode owner = pool(status, pool).get("manager");
            if (owner != null) {
                counts.merge(owner.asText(), 1, Integer::sum);
            }
        }
        return counts;
    }

    private static long pidOf(String managerId) {
        return Long.parseLong(managerId.substring(managerId.lastIndexOf('-') + 1));
    }

    private static String idOf(JsonNode status, long pid) {
        for (JsonNode manager : status.get("status").get("managers")) {
            if (pidOf(manager.asText()) == pid) {
                return manager.asText();
            }
        }
        throw new AssertionError("no live manager with pid " + pid + " in " + status);
    }

    private static void await(java.util.concurrent.Callable<Boolean> condition) {
        Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(condition);
    }

    private int startRedis() throws IOException {
        int port = freePort();
        Process redis = new ProcessBuilder("timeout", Long.toString(REDIS_LIFETIME.toSeconds()), "redis-server",
                "--bind", "127.0.0.1", "--port", Integer.toString(port), "--save", "", "--appendonly", "no",
                "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        processes.add(redis);
        Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return true;
            }
        });
        return port;
    }
}
