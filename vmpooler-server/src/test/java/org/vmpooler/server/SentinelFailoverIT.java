package org.vmpooler.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.vmpooler.redis.RedisSentinelCluster;

/**
 * The API and the manager, each a process of its own, behind real Redis Sentinels ({@link RedisSentinelCluster})
 * under steady checkout load while the sentinels fail the master over: no checkout a client was told of is lost, no
 * VM is handed out twice, and both processes follow the new master by themselves. Prints what the clients saw.
 */
class SentinelFailoverIT {

    private static final String POOL = "debian";
    private static final int POOL_SIZE = 20;
    /** Each client's pause between checkouts: a steady load the manager can refill, not a flood of empty-pool 503s. */
    private static final Duration PACE = Duration.ofMillis(250);
    private static final int CLIENTS = 4;
    private static final int DATABASE = 0;
    /** The stated bound: checkouts succeed again this long after the failover began, at most. */
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    @Test
    void aFailoverUnderCheckoutLoadLosesNoAcknowledgedCheckoutAndBothProcessesFollowTheNewMaster() throws Exception {
        try (RedisSentinelCluster cluster = RedisSentinelCluster.start(Files.createDirectories(dir.resolve("redis")))) {
            Path config = writeConfig(cluster);
            int managerPort = ServiceProcesses.freePort();
            int apiPort = ServiceProcesses.freePort();
            Process manager = ServiceProcesses.start(ServiceProcesses.mainClass(List.of("manager")), dir,
                    dir.resolve("manager.log"), Map.of("PORT", Integer.toString(managerPort),
                            "VMPOOLER_CONFIG_FILE", config.toString()));
            Process api = ServiceProcesses.start(ServiceProcesses.mainClass(List.of("api")), dir,
                    dir.resolve("api.log"), Map.of("PORT", Integer.toString(apiPort),
                            "VMPOOLER_CONFIG_FILE", config.toString()));
            try {
                ServiceApi.eventually().until(() -> ServiceApi.readyCount(apiPort, POOL) == POOL_SIZE);
                Load load = new Load(apiPort);
                load.start();
                Thread.sleep(5_000);

                long failoverBegan = System.nanoTime();
                int oldMaster = cluster.masterPort();
                int newMaster = cluster.failover();
                long sentinelsDone = System.nanoTime();
                load.awaitCheckoutAfter(sentinelsDone, RECOVERY_BOUND);
                long recovered = load.firstCheckoutAfter(sentinelsDone);
                Thread.sleep(5_000);
                load.stop();

                Duration outage = load.longestGapBetweenCheckouts();
                System.out.printf("SentinelFailoverIT: master %d -> %d; sentinels settled after %d ms; first checkout "
                                + "%d ms after the failover began; longest time without a checkout %d ms; requests "
                                + "%d, checkouts acknowledged %d, returns acknowledged %d, errors by code %s%n",
                        oldMaster, newMaster, (sentinelsDone - failoverBegan) / 1_000_000,
                        (recovered - failoverBegan) / 1_000_000, outage.toMillis(), load.requests.get(),
                        load.checkedOut.size(), load.returned.size(), load.errors());

                assertThat(newMaster).isNotEqualTo(oldMaster);
                assertThat(outage).as("longest time without a checkout").isLessThan(RECOVERY_BOUND);
                assertThat(load.handedOutTwice).as("VMs handed out twice").isEmpty();
                assertThat(load.checkedOut).as("checkouts acknowledged before and after the failover")
                        .hasSizeGreaterThan(CLIENTS);
                Set<String> held = load.held();
                Set<String> running = cluster.onMaster(DATABASE, r -> r.smembers("vmpooler__running__" + POOL));
                assertThat(running).as("every acknowledged checkout not given back, on the new master")
                        .containsAll(held);
                assertThat(running).as("no VM given back (acknowledged) still running").doesNotContainAnyElementsOf(
                        load.returned);
                for (String vm : held) {
                    assertThat(cluster.<String>onMaster(DATABASE, r -> r.hget("vmpooler__vm__" + vm, "checkout")))
                            .as("the checkout record of " + vm).isNotBlank();
                }
                // The manager follows too: it refills the pool on the new master.
                ServiceApi.eventually().until(() -> ServiceApi.readyCount(apiPort, POOL) == POOL_SIZE);
                assertThat(cluster.<Long>onMaster(DATABASE, r -> r.scard("vmpooler__ready__" + POOL)))
                        .isEqualTo((long) POOL_SIZE);
            } finally {
                api.destroy();
                manager.destroy();
                api.waitFor();
                manager.waitFor();
            }
        }
    }

    private Path writeConfig(RedisSentinelCluster cluster) throws IOException {
        String sentinels = cluster.sentinelNodes().stream().map(s -> "'" + s + "'")
                .collect(Collectors.joining(", ", "[", "]"));
        return Files.writeString(dir.resolve("vmpooler.yaml"), """
                :config:
                  task_limit: 10
                  check_loop_delay_min: 1
                  check_loop_delay_max: 1
                :redis:
                  database: %d
                  reconnect_attempts: [0.1, 0.25, 0.5]
                  wait_for_replicas: 1
                  wait_for_replicas_timeout: 2
                  sentinel:
                    master_name: %s
                    sentinels: %s
                :providers:
                  :dummy:
                    provider_class: dummy
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
                """.formatted(DATABASE, RedisSentinelCluster.MASTER_NAME, sentinels, POOL, POOL_SIZE));
    }

    /**
     * {@value #CLIENTS} clients each checking out a VM, giving back every other one at once and keeping the rest,
     * as fast as the API answers.
     */
    private final class Load {
        private final int port;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong requests = new AtomicLong();
        private final Map<String, AtomicLong> errorsByCode = new ConcurrentHashMap<>();
        private final Set<String> checkedOut = ConcurrentHashMap.newKeySet();
        private final Set<String> returned = ConcurrentHashMap.newKeySet();
        /** Given back or tried to: a give-back that failed may still have been made. */
        private final Set<String> givingBack = ConcurrentHashMap.newKeySet();
        private final Set<String> handedOutTwice = ConcurrentHashMap.newKeySet();
        private final List<Long> checkoutTimes = new ArrayList<>();
        private final List<Thread> clients = new ArrayList<>();

        Load(int port) {
            this.port = port;
        }

        void start() {
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(Thread.ofPlatform().name("load-" + i).start(this::run));
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread client : clients) {
                client.join(Duration.ofSeconds(30));
            }
        }

        private void run() {
            boolean giveBack = false;
            while (running.get()) {
                try {
                    HttpResponse<String> response = send("POST", "/api/v3/vm/" + POOL);
                    Thread.sleep(PACE);
                    if (response.statusCode() != 200) {
                        error(response.statusCode() + " " + JSON.readTree(response.body()).path("reason").asText(""));
                        continue;
                    }
                    String hostname = JSON.readTree(response.body()).path(POOL).path("hostname").asText();
                    String vm = hostname.contains(".") ? hostname.substring(0, hostname.indexOf('.')) : hostname;
                    synchronized (checkoutTimes) {
                        checkoutTimes.add(System.nanoTime());
                    }
                    if (!checkedOut.add(vm)) {
                        handedOutTwice.add(vm);
                    }
                    giveBack = !giveBack;
                    if (giveBack) {
                        givingBack.add(vm);
                        HttpResponse<String> deleted = send("DELETE", "/api/v3/vm/" + vm);
                        if (deleted.statusCode() == 200) {
                            returned.add(vm);
                        } else {
                            error("DELETE " + deleted.statusCode() + " "
                                    + JSON.readTree(deleted.body()).path("reason").asText(""));
                        }
                    }
                } catch (IOException e) {
                    error(e.getClass().getSimpleName());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        private HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
            requests.incrementAndGet();
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(20)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        private void error(String code) {
            errorsByCode.computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
        }

        Map<String, Long> errors() {
            Map<String, Long> errors = new TreeMap<>();
            errorsByCode.forEach((code, count) -> errors.put(code, count.get()));
            return errors;
        }

        /** Checked out and never given back. */
        Set<String> held() {
            Set<String> held = new HashSet<>(checkedOut);
            held.removeAll(givingBack);
            return held;
        }

        Duration longestGapBetweenCheckouts() {
            synchronized (checkoutTimes) {
                long longest = 0;
                for (int i = 1; i < checkoutTimes.size(); i++) {
                    longest = Math.max(longest, checkoutTimes.get(i) - checkoutTimes.get(i - 1));
                }
                return Duration.ofNanos(longest);
            }
        }

        long firstCheckoutAfter(long since) {
            synchronized (checkoutTimes) {
                return checkoutTimes.stream().filter(t -> t > since).findFirst().orElse(Long.MAX_VALUE);
            }
        }

        void awaitCheckoutAfter(long since, Duration bound) {
            Awaitility.await().atMost(bound).pollInterval(Duration.ofMillis(100))
                    .until(() -> firstCheckoutAfter(since) != Long.MAX_VALUE);
        }
    }
}
