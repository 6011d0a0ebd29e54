package org.vmpooler.bench;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Several managers on one Redis (bench/README.md, "Several managers"): for 1, 2 and 4 {@code bin/vmpooler manager}
 * processes sharing 200 pools, the time to fill every pool from empty, the checkout rate while clients check out
 * and return VMs of random pools, and (with 2 and 4) how long after a {@code kill -9} of a manager its pools have
 * a new owner. Each run has a Redis of its own on a free port and one {@code api} process. The dummy provider is
 * instant; its pools are spread over 20 provider instances, each on its own shared inventory file, as every
 * manager must see the same platform.
 *
 * <p>Arguments: the launcher, then optionally the pool count (200), pool size (3), the lease TTL in seconds (30),
 * seconds of checkout load (20) and client threads (8).
 */
public final class ManagerSharing {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PROVIDERS = 20;

    private ManagerSharing() {
    }

    public static void main(String[] args) throws Exception {
        Path launcher = Path.of(args[0]);
        int pools = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int size = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int ttl = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        int loadSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 20;
        int clients = args.length > 5 ? Integer.parseInt(args[5]) : 8;
        System.out.printf("several managers: %d pools of size %d, manager_lease_ttl %d s, %d s of checkout load by "
                + "%d clients; load average at start %s%n", pools, size, ttl, loadSeconds, clients,
                Machine.loadAverage());
        System.out.println("managers | fill from empty | checkouts/s (empty answers) | takeover after kill -9 | load");
        for (int managers : List.of(1, 2, 4)) {
            Path dir = Files.createTempDirectory("vmpooler-bench-managers-");
            System.out.println(run(launcher, dir, managers, pools, size, ttl, loadSeconds, clients));
        }
    }

    private static String run(Path launcher, Path dir, int managerCount, int pools, int size, int ttl,
                              int loadSeconds, int clients) throws Exception {
        int redisPort = freePort();
        Process redis = new ProcessBuilder("redis-server", "--bind", "127.0.0.1", "--port", Integer.toString(redisPort),
                "--save", "", "--appendonly", "no", "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        List<ServerProcess> managers = new ArrayList<>();
        ServerProcess api = null;
        try {
            awaitPort(redisPort);
            Path config = dir.resolve("vmpooler.yaml");
            Files.writeString(config, config(dir, redisPort, pools, size, ttl));
            int apiPort = freePort();
            api = ServerProcess.start(List.of(launcher.toString(), "api"), config, apiPort, dir.resolve("api.log"));
            long start = System.nanoTime();
            for (int i = 0; i < managerCount; i++) {
                managers.add(ServerProcess.start(List.of(launcher.toString(), "manager"), config, freePort(),
                        dir.resolve("manager-" + i + ".log")));
            }
            api.awaitApi(Duration.ofMinutes(2), dir.resolve("api.log"));
            awaitStatus(apiPort, Duration.ofMinutes(10), s -> allReady(s, pools, size));
            double fill = (System.nanoTime() - start) / 1e9;

            long[] served = checkoutLoad(apiPort, pools, loadSeconds, clients);
            String takeover = "–";
            if (managerCount > 1) {
                ServerProcess victim = managers.remove(0);
                awaitStatus(apiPort, Duration.ofMinutes(2), s -> owners(s, pools).size() == managerCount
                        && managerId(s, victim.pid()) != null);
                String victimId = managerId(status(apiPort), victim.pid());
                long killed = System.nanoTime();
                victim.kill();
                awaitStatus(apiPort, Duration.ofMinutes(2), s -> !owners(s, pools).contains(victimId)
                        && owned(s, pools) == pools);
                takeover = String.format("%.1f s", (System.nanoTime() - killed) / 1e9);
            }
            return String.format("%8d | %13.1f s | %11.0f (%d) | %22s | %s", managerCount, fill,
                    served[0] / (double) loadSeconds, served[1], takeover, Machine.loadAverage());
        } finally {
            for (ServerProcess manager : managers) {
                manager.close();
            }
            if (api != null) {
                api.close();
            }
            redis.destroy();
            redis.waitFor();
        }
    }

    private static String config(Path dir, int redisPort, int pools, int size, int ttl) {
        StringBuilder yaml = new StringBuilder()
                .append(":config:\n  prefix: 'bench-'\n  task_limit: 200\n  check_loop_delay_min: 1\n")
                .append("  check_loop_delay_max: 5\n  vm_checktime: 60\n  manager_lease_ttl: ").append(ttl).append('\n')
                .append(":redis:\n  server: 127.0.0.1\n  port: ").append(redisPort).append('\n')
                .append(":providers:\n");
        for (int p = 0; p < PROVIDERS; p++) {
            yaml.append("  :dummy").append(p).append(":\n    provider_class: dummy\n    connection_pool_size: 20\n")
                    .append("    skip_dns_check_before_creating_vm: true\n    filename: ")
                    .append(dir.resolve("inventory-" + p + ".yaml")).append('\n');
        }
        yaml.append(":dns_configs:\n  :bench:\n    dns_class: dynamic-dns\n    domain: bench.example.com\n:pools:\n");
        for (int i = 0; i < pools; i++) {
            yaml.append("  - name: pool").append(i).append("\n    template: templates/pool").append(i)
                    .append("\n    size: ").append(size).append("\n    provider: dummy").append(i % PROVIDERS)
                    .append("\n    dns_plugin: bench\n");
        }
        return yaml.toString();
    }

    /** Checkouts and returns of random pools for {@code seconds}; returns {served, empty answers}. */
    private static long[] checkoutLoad(int port, int pools, int seconds, int clients) throws InterruptedException {
        AtomicLong served = new AtomicLong();
        AtomicLong empty = new AtomicLong();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try (HttpConnection http = new HttpConnection("127.0.0.1", port)) {
                    while (System.nanoTime() < end) {
                        String pool = "pool" + ThreadLocalRandom.current().nextInt(pools);
                        ResponseReader.Response response = http.send("POST", "/api/v3/vm/" + pool);
                        if (response.status() != 200) {
                            empty.incrementAndGet();
                            continue;
                        }
                        String host = JSON.readTree(response.body()).get(pool).get("hostname").asText();
                        http.send("DELETE", "/api/v3/vm/" + host.split("\\.")[0]);
                        served.incrementAndGet();
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return new long[] {served.get(), empty.get()};
    }

    private static boolean allReady(JsonNode status, int pools, int size) {
        for (int i = 0; i < pools; i++) {
            if (status.get("pools").get("pool" + i).get("ready").asInt() < size) {
                return false;
            }
        }
        return true;
    }

    private static java.util.Set<String> owners(JsonNode status, int pools) {
        java.util.Set<String> owners = new java.util.HashSet<>();
        for (int i = 0; i < pools; i++) {
            JsonNode owner = status.get("pools").get("pool" + i).get("manager");
            if (owner != null) {
                owners.add(owner.asText());
            }
        }
        return owners;
    }

    private static int owned(JsonNode status, int pools) {
        int owned = 0;
        for (int i = 0; i < pools; i++) {
            owned += status.get("pools").get("pool" + i).has("manager") ? 1 : 0;
        }
        return owned;
    }

    /** The id of the live manager with this process id; null when it is not (or no longer) announced. */
    private static String managerId(JsonNode status, long pid) {
        for (JsonNode id : status.get("status").path("managers")) {
            if (id.asText().endsWith("-" + pid)) {
                return id.asText();
            }
        }
        return null;
    }

    private static JsonNode status(int port) throws IOException {
        try (HttpConnection http = new HttpConnection("127.0.0.1", port)) {
            return JSON.readTree(http.send("GET", "/api/v3/status").body());
        }
    }

    private static void awaitStatus(int port, Duration timeout, java.util.function.Predicate<JsonNode> condition)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.test(status(port))) {
                    return;
                }
            } catch (IOException | RuntimeException notYet) {
                // not serving yet, or a pool not reported yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("condition not reached within " + timeout + ": " + status(port));
    }

    private static void awaitPort(int port) throws InterruptedException, IOException {
        for (int i = 0; i < 200; i++) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IOException("redis-server did not listen on " + port);
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
