package org.vmpooler.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmpooler.server.ServiceProcesses.assertStopsGracefullyOnSigterm;
import static org.vmpooler.server.ServiceProcesses.freePort;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpooler.dns.route53.FakeRoute53;
import org.vmpooler.provider.ec2.FakeEc2;

/**
 * {@code bin/vmpooler server} with {@code provider_class: ec2} and {@code dns_class: route53}, both pointed at
 * stateful fakes of the AWS APIs: a pool fills although one of its subnets has no capacity, a VM is checked out,
 * given a disk, snapshotted and reverted, the pool refills through throttling, Route 53 holds exactly the live
 * VMs' records throughout, and once the pool is emptied nothing is left in EC2 or Route 53.
 */
class Ec2Route53IT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String POOL = "debian";
    private static final String ZONE = "Z0FAKE0IT";
    private static final int SIZE = 2;

    @TempDir
    Path dir;

    @Test
    void aPoolLivesOnEc2WithItsRecordsInRoute53AndLeavesNothingBehind() throws Exception {
        try (FakeEc2 ec2 = FakeEc2.start(); FakeRoute53 route53 = FakeRoute53.start().zone(ZONE, "vmpooler.test")) {
            ec2.noCapacityIn("subnet-0aaa");
            int port = freePort();
            Path config = dir.resolve("vmpooler.yaml");
            Files.writeString(config, """
                    :config:
                      prefix: 'ec2vm-'
                      experimental_features: true
                      task_limit: 4
                      check_loop_delay_min: 1
                      check_loop_delay_max: 2
                    :providers:
                      :aws:
                        provider_class: ec2
                        region: us-east-1
                        ec2_endpoint: '%s'
                        ssm_endpoint: '%s'
                        subnet_ids: [subnet-0aaa, subnet-0bbb]
                        instance_type: t3.micro
                        poll_interval: 0.1
                        throttle_backoff: 0.05
                        tags:
                          team: ci
                    :dns_configs:
                      :r53:
                        dns_class: route53
                        domain: vmpooler.test
                        hosted_zone_id: %s
                        endpoint: '%s'
                        poll_interval: 0.1
                    :pools:
                      - name: %s
                        template: ami-0fake0debian
                        size: %d
                        provider: aws
                        dns_plugin: r53
                        ready_check: none
                    """.formatted(ec2.endpoint(), ec2.endpoint(), ZONE, route53.endpoint(), POOL, SIZE));
            Path log = dir.resolve("server.log");
            Process server = ServiceProcesses.start(ServiceProcesses.launcher(List.of("server")), dir, log, Map.of(
                    "PORT", Integer.toString(port), "VMPOOLER_CONFIG_FILE", config.toString(),
                    "AWS_ACCESS_KEY_ID", "AKIDFAKE", "AWS_SECRET_ACCESS_KEY", "not-a-secret",
                    "AWS_EC2_METADATA_DISABLED", "true",
                    "AWS_CONFIG_FILE", dir.resolve("no-aws-config").toString(),
                    "AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-aws-credentials").toString()));
            try {
                eventually().untilAsserted(() -> {
                    assertThat(readyCount(port)).isEqualTo(SIZE);
                    assertThat(route53.addressRecords(ZONE)).hasSize(SIZE);
                });
                assertThat(ec2.liveInstances()).hasSize(SIZE);
                for (String fqdn : route53.addressRecords(ZONE).keySet()) {
                    assertThat(ec2.subnetOf(shortName(fqdn))).as("the subnet without capacity was skipped")
                            .contains("subnet-0bbb");
                }
                assertThat(Files.readString(log)).as("the reason is logged").contains("InsufficientInstanceCapacity");
                ec2.capacityRestored();

                String vm = checkout(port);
                assertThat(post(port, "/api/v3/vm/" + vm + "/disk/4").path("ok").asBoolean()).isTrue();
                eventually().until(() -> ec2.devicesOf(vm).containsKey("/dev/sdf"));

                String snapshot = post(port, "/api/v3/vm/" + vm + "/snapshot").path(vm).path("snapshot").asText();
                eventually().until(() -> vmField(port, vm).path("snapshots").toString().contains(snapshot));
                assertThat(ec2.snapshotIds()).as("one per volume: root and the disk").hasSize(2);
                Map<String, String> before = ec2.devicesOf(vm);
                assertThat(post(port, "/api/v3/vm/" + vm + "/snapshot/" + snapshot).path("ok").asBoolean()).isTrue();
                eventually().untilAsserted(() -> {
                    Map<String, String> after = ec2.devicesOf(vm);
                    assertThat(after).containsOnlyKeys(before.keySet());
                    assertThat(after.values()).doesNotContainAnyElementsOf(before.values());
                });

                ec2.throttleNext(12);
                send(port, "DELETE", "/api/v3/vm/" + vm, null);
                eventually().untilAsserted(() -> {
                    assertThat(readyCount(port)).isEqualTo(SIZE);
                    assertThat(ec2.liveInstances()).hasSize(SIZE);
                    assertThat(route53.addressRecords(ZONE)).hasSize(SIZE).doesNotContainKey(vm + ".vmpooler.test");
                });
                assertThat(ec2.throttled()).as("every throttled answer was sent and lived through").isEqualTo(12);
                assertThat(recordsAreTheLiveVms(port, route53)).isTrue();

                assertThat(send(port, "POST", "/api/v3/config/poolsize", "{\"" + POOL + "\": 0}")
                        .path("ok").asBoolean()).isTrue();
                eventually().untilAsserted(() -> {
                    assertThat(ec2.liveInstances()).isEmpty();
                    assertThat(ec2.volumeIds()).isEmpty();
                    assertThat(ec2.snapshotIds()).isEmpty();
                    assertThat(route53.addressRecords(ZONE)).isEmpty();
                });
                assertThat(Files.readString(log)).doesNotContain("not-a-secret");
                assertStopsGracefullyOnSigterm(server, log, "vmpooler stopped");
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + "\n--- the service's log (last lines) ---\n" + tail(log), e);
            } finally {
                server.destroyForcibly();
            }
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    /** Each A record is a ready VM at the address the API reports for it. */
    private static boolean recordsAreTheLiveVms(int port, FakeRoute53 route53) throws Exception {
        Map<String, String> expected = new TreeMap<>();
        for (String fqdn : route53.addressRecords(ZONE).keySet()) {
            JsonNode vm = vmField(port, shortName(fqdn));
            assertThat(vm.path("state").asText()).as(fqdn).isEqualTo("ready");
            expected.put(fqdn, vm.path("ip").asText());
        }
        assertThat(route53.addressRecords(ZONE)).isEqualTo(expected);
        return true;
    }

    private static ConditionFactory eventually() {
        return Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions();
    }

    private static String checkout(int port) throws IOException, InterruptedException {
        JsonNode body = post(port, "/api/v3/vm/" + POOL);
        assertThat(body.path("ok").asBoolean()).as(body.toString()).isTrue();
        String hostname = body.path(POOL).path("hostname").asText();
        return shortName(hostname);
    }

    private static JsonNode vmField(int port, String vm) throws IOException, InterruptedException {
        return send(port, "GET", "/api/v3/vm/" + vm, null).path(vm);
    }

    private static long readyCount(int port) throws IOException, InterruptedException {
        return send(port, "GET", "/api/v3/status", null).path("pools").path(POOL).path("ready").asLong();
    }

    private static String shortName(String fqdn) {
        return fqdn.contains(".") ? fqdn.substring(0, fqdn.indexOf('.')) : fqdn;
    }

    private static JsonNode post(int port, String path) throws IOException, InterruptedException {
        return send(port, "POST", path, null);
    }

    private static JsonNode send(int port, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }
}
