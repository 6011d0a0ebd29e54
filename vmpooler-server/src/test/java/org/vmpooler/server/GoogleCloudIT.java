package org.vmpooler.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmpooler.server.ServiceApi.eventually;
import static org.vmpooler.server.ServiceApi.readyCount;
import static org.vmpooler.server.ServiceApi.send;
import static org.vmpooler.server.ServiceProcesses.assertStopsGracefullyOnSigterm;
import static org.vmpooler.server.ServiceProcesses.freePort;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpooler.gcp.FakeGoogleCloud;

/**
 * {@code bin/vmpooler server} with {@code provider_class: gce} and {@code dns_class: gcp}, pointed by their endpoint
 * keys at the Google Cloud fake and authenticated through {@code GOOGLE_APPLICATION_CREDENTIALS}: the pool fills
 * although the first creates hit a quota, a checked-out VM gets a disk, a snapshot and a revert, and once it is
 * returned nothing of it is left (instance, disks, snapshots, record) while the fake holds exactly the ready VMs.
 */
class GoogleCloudIT {
    private static final String POOL = "debian";
    private static final String ZONE = "us-west1-b";
    private static final String IMAGE = "projects/debian-cloud/global/images/family/debian-12";
    private static final int SIZE = 2;

    private static FakeGoogleCloud google;

    @TempDir
    Path dir;

    @BeforeAll
    static void startFake() throws Exception {
        google = FakeGoogleCloud.start();
        google.compute().addImage(IMAGE);
        google.dns().addManagedZone("vmpooler-test", "vmpooler.test.");
    }

    @AfterAll
    static void stopFake() {
        google.close();
    }

    @Test
    void aPoolOnComputeEngineWithCloudDnsLeavesNothingBehind() throws Exception {
        Path key = google.writeServiceAccount(dir, "vmpooler@vmp-test.iam.gserviceaccount.com");
        google.compute().failInstanceInserts(2, "QUOTA_EXCEEDED");
        int port = freePort();
        Path config = dir.resolve("vmpooler.yaml");
        Files.writeString(config, """
                :config:
                  prefix: 'gce-'
                  task_limit: 4
                  check_loop_delay_min: 1
                  check_loop_delay_max: 2
                  capacity_backoff: 1
                :providers:
                  :gce:
                    provider_class: gce
                    project: %1$s
                    zone: %2$s
                    machine_type: e2-small
                    endpoint: '%3$s'
                    api_retry_delay: 0.05
                :dns_configs:
                  :cloud:
                    dns_class: gcp
                    domain: vmpooler.test
                    project: %1$s
                    zone_name: vmpooler-test
                    endpoint: '%4$s'
                :pools:
                  - name: %5$s
                    template: %6$s
                    size: %7$d
                    provider: gce
                    dns_plugin: cloud
                    ready_check: none
                """.formatted(FakeGoogleCloud.PROJECT, ZONE, google.computeEndpoint(), google.dnsEndpoint(), POOL,
                IMAGE, SIZE));
        Path log = dir.resolve("server.log");
        Process server = ServiceProcesses.start(ServiceProcesses.launcher(List.of("server")), dir, log,
                Map.of("PORT", Integer.toString(port), "VMPOOLER_CONFIG_FILE", config.toString(),
                        "GOOGLE_APPLICATION_CREDENTIALS", key.toString()));
        try {
            eventually().until(() -> readyCount(port, POOL) == SIZE && google.dns().recordCount() == SIZE);
            assertThat(Files.readString(log)).contains("QUOTA_EXCEEDED").doesNotContain("ya29.")
                    .contains("the platform refused a clone (quota)");
            assertThat(send(port, "GET", "/api/v3/status").path("pools").path(POOL).has("clone_trouble"))
                    .as("cleared by the clones that worked").isFalse();

            String vm = checkout(port);
            String fqdn = vm + ".vmpooler.test";
            assertThat(google.dns().addresses(fqdn)).containsExactly(vmField(port, vm, "ip").asText());

            assertThat(send(port, "POST", "/api/v3/vm/" + vm + "/disk/4").path("ok").asBoolean()).isTrue();
            eventually().until(() -> google.compute().instance(ZONE, vm).path("disks").size() == 2);

            String snapshot = send(port, "POST", "/api/v3/vm/" + vm + "/snapshot").path(vm).path("snapshot").asText();
            eventually().until(() -> vmField(port, vm, "snapshots").toString().contains(snapshot));
            assertThat(google.compute().snapshotNames()).hasSize(2);

            assertThat(send(port, "POST", "/api/v3/vm/" + vm + "/snapshot/" + snapshot).path("ok").asBoolean())
                    .isTrue();
            eventually().untilAsserted(() -> {
                JsonNode instance = google.compute().instance(ZONE, vm);
                assertThat(instance.path("status").asText()).isEqualTo("RUNNING");
                assertThat(instance.path("disks")).hasSize(2);
                for (String disk : List.of(vm + "-disk0", vm + "-disk1")) {
                    assertThat(google.compute().disk(ZONE, disk).path("sourceSnapshot").asText())
                            .as("%s made again from its snapshot", disk).contains("/snapshots/" + vm + "-disk");
                }
            });

            assertThat(send(port, "DELETE", "/api/v3/vm/" + vm).path("ok").asBoolean()).isTrue();
            eventually().untilAsserted(() -> {
                assertThat(google.compute().instanceNames()).doesNotContain(vm).hasSize(SIZE);
                assertThat(google.compute().diskNames()).noneMatch(d -> d.startsWith(vm + "-")).hasSize(SIZE);
                assertThat(google.compute().snapshotNames()).isEmpty();
                assertThat(google.dns().addresses(fqdn)).isEmpty();
                assertThat(google.dns().recordCount()).isEqualTo(SIZE);
                assertThat(readyCount(port, POOL)).isEqualTo(SIZE);
            });

            assertStopsGracefullyOnSigterm(server, log, "vmpooler stopped");
        } finally {
            server.destroyForcibly();
        }
    }

    private static String checkout(int port) throws IOException, InterruptedException {
        JsonNode body = send(port, "POST", "/api/v3/vm/" + POOL);
        assertThat(body.path("ok").asBoolean()).as(body.toString()).isTrue();
        String hostname = body.path(POOL).path("hostname").asText();
        return hostname.contains(".") ? hostname.substring(0, hostname.indexOf('.')) : hostname;
    }

    private static JsonNode vmField(int port, String vm, String field) throws IOException, InterruptedException {
        return send(port, "GET", "/api/v3/vm/" + vm).path(vm).path(field);
    }
}
