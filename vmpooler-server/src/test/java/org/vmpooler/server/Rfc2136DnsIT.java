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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpooler.dns.rfc2136.BindServer;

/**
 * {@code bin/vmpooler server} with a pool whose DNS config is {@code dns_class: rfc2136}, against a real BIND: the
 * zone holds the records of exactly the live VMs (ready and checked out) through fills, checkouts, returns and
 * a BIND outage, during which VMs are still handed out and cloned, their records following once BIND is back.
 */
class Rfc2136DnsIT {
    private static final String POOL = "debian";
    private static final int SIZE = 3;

    private static BindServer bind;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBind() throws Exception {
        bind = BindServer.start("vmpooler.test", "10.in-addr.arpa");
    }

    @AfterAll
    static void stopBind() throws Exception {
        bind.close();
    }

    @Test
    void theZoneHoldsExactlyTheLiveVmsThroughAnOutage() throws Exception {
        int port = freePort();
        Path config = dir.resolve("vmpooler.yaml");
        Files.writeString(config, """
                :config:
                  prefix: 'dnsvm-'
                  task_limit: 4
                  check_loop_delay_min: 1
                  check_loop_delay_max: 2
                :providers:
                  :dummy:
                    provider_class: dummy
                :dns_configs:
                  :bind:
                    dns_class: rfc2136
                    domain: vmpooler.test
                    server: '127.0.0.1:%d'
                    reverse_zone: 10.in-addr.arpa
                    tsig_key_name: %s
                    tsig_secret: '%s'
                    timeout: 1
                    deadline: 2
                    retry_delay_min: 1
                    retry_delay_max: 2
                :pools:
                  - name: %s
                    template: templates/debian
                    size: %d
                    provider: dummy
                    dns_plugin: bind
                """.formatted(bind.port(), BindServer.KEY_NAME, bind.secret(BindServer.KEY_NAME), POOL, SIZE));
        Path log = dir.resolve("server.log");
        Process server = ServiceProcesses.start(ServiceProcesses.launcher(List.of("server")), dir, log,
                Map.of("PORT", Integer.toString(port), "VMPOOLER_CONFIG_FILE", config.toString()));
        try {
            eventually().until(() -> readyCount(port, POOL) == SIZE && bind.addressRecords().size() == SIZE);

            List<String> checkedOut = new ArrayList<>(List.of(checkout(port), checkout(port)));
            eventually().untilAsserted(() -> assertZoneHoldsExactlyTheLiveVms(port, checkedOut));

            bind.stop();
            checkedOut.add(checkout(port));
            String returned = checkedOut.removeFirst();
            assertThat(send(port, "DELETE", "/api/v3/vm/" + shortName(returned)).path("ok").asBoolean()).isTrue();
            // The checkout left SIZE - 1 ready: SIZE again means a VM was cloned while BIND was down.
            eventually().until(() -> readyCount(port, POOL) == SIZE && Files.readString(log).contains("will retry"));
            assertThat(Files.readString(log)).contains("127.0.0.1:" + bind.port());

            bind.restart();
            eventually().untilAsserted(() -> assertZoneHoldsExactlyTheLiveVms(port, checkedOut));
            assertThat(bind.addresses(returned)).isEmpty();

            for (String vm : checkedOut) {
                send(port, "DELETE", "/api/v3/vm/" + shortName(vm));
            }
            eventually().untilAsserted(() -> assertZoneHoldsExactlyTheLiveVms(port, List.of()));

            assertStopsGracefullyOnSigterm(server, log, "vmpooler stopped");
        } finally {
            server.destroyForcibly();
        }
    }

    /**
     * Every A record is a live VM at the address vmpooler gave out, its PTR points back, and there are as many as
     * there are ready and checked-out VMs.
     */
    private void assertZoneHoldsExactlyTheLiveVms(int port, List<String> checkedOut) throws Exception {
        Map<String, String> records = bind.addressRecords();
        assertThat(records).hasSize((int) readyCount(port, POOL) + checkedOut.size());
        assertThat(records.keySet()).containsAll(checkedOut);
        Map<String, String> expected = new TreeMap<>();
        for (String fqdn : records.keySet()) {
            JsonNode vm = send(port, "GET", "/api/v3/vm/" + shortName(fqdn)).path(shortName(fqdn));
            assertThat(vm.path("state").asText()).as(fqdn).isIn("ready", "running");
            expected.put(fqdn, vm.path("ip").asText());
        }
        assertThat(records).isEqualTo(expected);
        Set<String> ptrTargets = new TreeSet<>(bind.ptrRecords().values());
        assertThat(ptrTargets).isEqualTo(records.keySet());
    }

    private static String checkout(int port) throws IOException, InterruptedException {
        JsonNode body = send(port, "POST", "/api/v3/vm/" + POOL);
        assertThat(body.path("ok").asBoolean()).as(body.toString()).isTrue();
        String hostname = body.path(POOL).path("hostname").asText();
        return hostname.contains(".") ? hostname : hostname + ".vmpooler.test";
    }

    private static String shortName(String fqdn) {
        return fqdn.substring(0, fqdn.indexOf('.'));
    }
}
