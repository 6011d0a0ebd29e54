package org.vmpooler.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmpooler.server.ServiceProcesses.freePort;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpooler.config.ConfigLoader;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.domain.VmState;
import org.vmpooler.provider.vsphere.Vcsim;
import org.vmpooler.redis.RedisStore;
import org.vmpooler.redis.RedisTestDatabase;

/**
 * {@code bin/vmpooler server} with a reference-style {@code provider_class: vsphere} configuration against govmomi's
 * vCenter simulator and Redis: two pools fill; a checked-out VM is migrated off its busy host, snapshotted,
 * reverted, given a disk and deleted; and the simulator holds exactly the VMs the store knows — also after clones
 * answered later than {@code vsphere_timeout} (failed here, made there), after the service is killed with SIGKILL
 * while clones are slowed down, and after the simulator itself was down and came back empty.
 */
class VsphereIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<String, Integer> SIZES = Map.of("debian-12-x86_64", 3, "ubuntu-2404-x86_64", 2);
    private static final String DEBIAN = "debian-12-x86_64";

    private static Vcsim vcsim;

    @TempDir
    Path dir;
    private RedisTestDatabase db;
    private Process server;
    private int port;
    private Path log;

    @BeforeAll
    static void startSimulator() throws Exception {
        vcsim = Vcsim.start();
    }

    @AfterAll
    static void stopSimulator() throws Exception {
        vcsim.close();
    }

    @BeforeEach
    void claim() {
        db = RedisTestDatabase.claim();
    }

    @AfterEach
    void release() throws IOException {
        if (server != null) {
            server.destroyForcibly();
        }
        db.close();
        // The service's logs outlive the temporary folder, for a failure's post-mortem.
        Path kept = Path.of("target", "vsphere-it");
        Files.createDirectories(kept);
        try (var logs = Files.newDirectoryStream(dir, "server-*.log")) {
            for (Path file : logs) {
                Files.copy(file, kept.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    void poolsFillServeAndStayInAgreementWithVcenterThroughCrashesAndOutages() throws Exception {
        Path config = writeConfig();
        start(config);
        eventually().untilAsserted(() -> assertSettled(config));

        String vm = checkout(DEBIAN);
        String path = "vmpooler/" + DEBIAN + "/" + vm;
        // The simulator clones next to the template, on a host busier than the others: it is moved at checkout.
        String templateHost = vcsim.hostOf("templates/" + DEBIAN);
        eventually().untilAsserted(() -> {
            JsonNode details = send("GET", "/api/v3/vm/" + vm).path(vm);
            assertThat(details.path("migrated").asText()).isEqualTo("true");
            assertThat(details.path("host").asText()).isEqualTo(vcsim.hostOf(path)).isNotEqualTo(templateHost);
        });

        String first = send("POST", "/api/v3/vm/" + vm + "/snapshot").path(vm).path("snapshot").asText();
        eventually().until(() -> vcsim.currentSnapshot(path).equals(Optional.of(first)));
        String second = send("POST", "/api/v3/vm/" + vm + "/snapshot").path(vm).path("snapshot").asText();
        eventually().until(() -> vcsim.currentSnapshot(path).equals(Optional.of(second)));
        assertThat(send("POST", "/api/v3/vm/" + vm + "/snapshot/" + first).path("ok").asBoolean()).isTrue();
        eventually().until(() -> vcsim.currentSnapshot(path).equals(Optional.of(first)));

        long disks = vcsim.disks(path);
        assertThat(send("POST", "/api/v3/vm/" + vm + "/disk/4").path("ok").asBoolean()).isTrue();
        eventually().until(() -> vcsim.disks(path) == disks + 1);

        assertThat(send("DELETE", "/api/v3/vm/" + vm).path("ok").asBoolean()).isTrue();
        eventually().untilAsserted(() -> {
            assertThat(vcsim.vmsIn("vmpooler/" + DEBIAN)).doesNotContain(vm);
            assertSettled(config);
        });

        // vCenter answers clones later than vsphere_timeout: they fail here but still happen there, and are found.
        vcsim.delay("CloneVM_Task", Duration.ofSeconds(3));
        checkout(DEBIAN);
        eventually().until(() -> Files.readString(log).contains("clone for the pool failed"));
        vcsim.delay("CloneVM_Task", Duration.ZERO);
        eventually().untilAsserted(() -> assertSettled(config));

        // Clones are slow; the service dies with some in flight and starts again.
        vcsim.delay("CloneVM_Task", Duration.ofSeconds(3));
        checkout(DEBIAN);
        checkout("ubuntu-2404-x86_64");
        eventually().until(() -> pendingCount() > 0);
        Thread.sleep(1000);
        server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        vcsim.delay("CloneVM_Task", Duration.ZERO);
        start(config);
        eventually().untilAsserted(() -> assertSettled(config));

        // vCenter goes away and comes back without the VMs (the simulator keeps nothing).
        vcsim.stop();
        Thread.sleep(3000);
        vcsim.restart();
        eventually().untilAsserted(() -> assertSettled(config));
        assertThat(Files.readString(log)).contains("logging in again");

        assertThat(vcsim.sessions()).as("the service's vCenter session").isPositive();
        ServiceProcesses.assertStopsGracefullyOnSigterm(server, log, "Logged out of vCenter", "vmpooler stopped");
        assertThat(vcsim.sessions()).as("ended at the stop, not left for vCenter to time out").isZero();
    }

    /** Every pool is full of ready VMs, and each pool's folder holds exactly the VMs the store knows. */
    private void assertSettled(Path config) {
        VmpoolerConfig loaded = new ConfigLoader().load(Map.of("VMPOOLER_CONFIG_FILE", config.toString()), dir);
        try (RedisStore store = RedisStore.connect(loaded.redis().orElseThrow(), Clock.systemDefaultZone())) {
            for (var pool : SIZES.entrySet()) {
                Set<String> known = new HashSet<>();
                for (VmState state : VmState.EXCLUSIVE) {
                    known.addAll(store.vms(pool.getKey(), state));
                }
                assertThat(store.vms(pool.getKey(), VmState.READY)).as("ready in " + pool.getKey())
                        .hasSize(pool.getValue());
                assertThat(vcsim.vmsIn("vmpooler/" + pool.getKey())).as("in vCenter's folder of " + pool.getKey())
                        .containsExactlyInAnyOrderElementsOf(known);
            }
        }
    }

    private long pendingCount() throws IOException, InterruptedException {
        JsonNode pools = send("GET", "/api/v3/status").path("pools");
        return pools.path(DEBIAN).path("pending").asLong() + pools.path("ubuntu-2404-x86_64").path("pending").asLong();
    }

    private Path writeConfig() throws IOException {
        Path config = dir.resolve("vmpooler.yaml");
        Files.writeString(config, """
                :config:
                  prefix: 'vs-'
                  task_limit: 4
                  check_loop_delay_min: 1
                  check_loop_delay_max: 2
                  unknown_vm_grace: 2
                  create_folders: true
                  clone_target: %s
                  manage_host_selection: true
                  migration_limit: 2
                :redis:
                  server: '%s'
                  port: %d
                  database: %d
                :providers:
                  :vsphere:
                    server: '%s'
                    username: vmpooler@vsphere.local
                    password: not-checked-by-vcsim
                    insecure: true
                    datacenter: %s
                    vsphere_timeout: 2
                :dns_configs:
                  :lab:
                    dns_class: dynamic-dns
                    domain: vmpooler.test
                :pools:
                  - name: debian-12-x86_64
                    template: templates/debian-12-x86_64
                    folder: vmpooler/debian-12-x86_64
                    datastore: LocalDS_0
                    size: %d
                    provider: vsphere
                    dns_plugin: lab
                    ready_check: none
                  - name: ubuntu-2404-x86_64
                    template: templates/ubuntu-2404-x86_64
                    folder: vmpooler/ubuntu-2404-x86_64
                    network: VM Network
                    size: %d
                    provider: vsphere
                    dns_plugin: lab
                    ready_check: none
                """.formatted(Vcsim.CLUSTER, RedisTestDatabase.HOST, RedisTestDatabase.PORT, db.index(),
                vcsim.server(), Vcsim.DATACENTER, SIZES.get(DEBIAN), SIZES.get("ubuntu-2404-x86_64")));
        return config;
    }

    private void start(Path config) throws IOException {
        port = freePort();
        log = dir.resolve("server-" + port + ".log");
        server = ServiceProcesses.start(ServiceProcesses.launcher(List.of("server")), dir, log,
                Map.of("PORT", Integer.toString(port), "VMPOOLER_CONFIG_FILE", config.toString()));
    }

    private String checkout(String pool) throws IOException, InterruptedException {
        JsonNode body = send("POST", "/api/v3/vm/" + pool);
        assertThat(body.path("ok").asBoolean()).as(body.toString()).isTrue();
        String hostname = body.path(pool).path("hostname").asText();
        return hostname.contains(".") ? hostname.substring(0, hostname.indexOf('.')) : hostname;
    }

    private static ConditionFactory eventually() {
        return Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions();
    }

    private JsonNode send(String method, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }
}
