package org.vmpooler.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmpooler.server.ServiceProcesses.assertStopsGracefullyOnSigterm;
import static org.vmpooler.server.ServiceProcesses.awaitLog;
import static org.vmpooler.server.ServiceProcesses.freePort;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpooler.build.Version;

/**
 * The service's commands and exit codes in a separate JVM started from the compiled classes, on the embedded
 * default configuration, stopped with SIGTERM ({@link LauncherIT} starts the assembled jar through
 * {@code bin/vmpooler}).
 */
class ServerProcessTest {
    @TempDir
    Path dir;

    @Test
    void aSigtermWhileStartingStopsGracefullyOnceStarted() throws Exception {
        int port = freePort();
        Path log = dir.resolve("early-term.log");
        Process server = start(List.of("server"), Map.of("PORT", Integer.toString(port)), log);
        try {
            // The first line is the configuration; pools, providers, the API and the manager start after it.
            awaitLog(log, "configuration loaded");
            assertStopsGracefullyOnSigterm(server, log, "vmpooler stopped");
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void managerOnlyServesNoApi() throws Exception {
        int port = freePort();
        Path log = dir.resolve("manager.log");
        Process server = start(List.of("manager"), Map.of("PORT", Integer.toString(port)), log);
        try {
            awaitLog(log, "pool manager started");
            assertThat(Files.readString(log)).doesNotContain("API listening");
            assertStopsGracefullyOnSigterm(server, log);
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void aTakenPortStopsTheServerWithOneLineNamingIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Path log = dir.resolve("taken.log");
            Process server = start(List.of("server"), Map.of("PORT", Integer.toString(port)), log);
            try {
                assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(server.exitValue()).isEqualTo(1);
                assertThat(Files.readString(log)).contains("vmpooler: cannot listen on 127.0.0.1:" + port
                        + ": the port is already in use").doesNotContain("Exception").doesNotContain("\tat ");
            } finally {
                server.destroyForcibly();
            }
        }
    }

    @Test
    void everyRoleTellsTheBuildsVersionAndItsOwnHelp() throws Exception {
        for (String role : List.of("server", "api", "manager")) {
            Path log = dir.resolve(role + "-version.log");
            Process process = start(List.of(role, "--version"), Map.of(), log);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
            assertThat(Files.readString(log)).isEqualTo("vmpooler " + Version.current() + "\n");
        }
        Path help = dir.resolve("server-help.log");
        Process process = start(List.of("server", "--help"), Map.of(), help);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(help)).contains("manager").contains("plugins");
    }

    @Test
    void anUnknownCommandExitsWithTwo() throws Exception {
        Process process = start(List.of("-s", "Puma"), Map.of(), dir.resolve("unknown.log"));
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("unknown.log"))).contains("Unknown option").contains("--help");
    }

    @Test
    void helpListsTheServiceAndTheClientCommands() throws Exception {
        Process process = start(List.of("help"), Map.of(), dir.resolve("help.log"));
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(Files.readString(dir.resolve("help.log"))).contains("manager").contains("get")
                .contains("token").contains("ssh");
    }

    @Test
    void otherCommandsAreTheClientsWithItsExitCode() throws Exception {
        Process process = start(List.of("status", "--url", "http://127.0.0.1:1/api/v3"), Map.of("HOME", dir.toString()),
                dir.resolve("client.log"));
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(4);
        assertThat(Files.readString(dir.resolve("client.log"))).contains("cannot reach vmpooler at http://127.0.0.1:1");
    }

    @Test
    void anInvalidConfigurationExitsWithOneAndNamesTheProblem() throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, """
                :dns_configs:
                  :example:
                    dns_class: dynamic-dns
                    domain: example.com
                :pools:
                  - name: broken
                    template: templates/broken
                    dns_plugin: example
                    size: lots
                """);
        Path log = dir.resolve("bad.log");
        Process process = start(List.of("server"), Map.of("VMPOOLER_CONFIG_FILE", config.toString()), log);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(Files.readString(log)).contains("configuration error").contains("size").contains("lots")
                .doesNotContain("\tat org.vmpooler");
    }

    @Test
    void aStartReportsEveryConfigurationErrorAtOnce() throws Exception {
        Path config = dir.resolve("several.yaml");
        Files.writeString(config, """
                :config:
                  domain: example.com
                :pools:
                  - name: debian
                    template: templates/debian
                    size: 2
                  - name: centos
                    sise: 2
                """);
        Path log = dir.resolve("several.log");
        Process process = start(List.of("server"), Map.of("VMPOOLER_CONFIG_FILE", config.toString()), log);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        List<String> errors = Files.readAllLines(log).stream()
                .filter(line -> line.startsWith("vmpooler: configuration error: ")).toList();
        assertThat(errors).hasSize(5)
                .anySatisfy(e -> assertThat(e).contains(":config: > domain"))
                .anySatisfy(e -> assertThat(e).contains(":pools: > debian > dns_plugin"))
                .anySatisfy(e -> assertThat(e).contains(":pools: > centos > template"));
        assertThat(Files.readString(log)).contains("vmpooler: configuration warning: unknown key 'sise'")
                .contains("nothing started: 5 configuration errors");
    }

    @Test
    void withJsonLogsEveryLineIsJsonFromTheFirst() throws Exception {
        int port = freePort();
        Path log = dir.resolve("json.log");
        Process server = start(List.of("server"), Map.of("PORT", Integer.toString(port), "LOG_FORMAT", "json",
                "REDIS_PORT", "1"), log);
        try {
            awaitLog(log, "vmpooler started");
            // The embedded default also shows a newcomer the metrics, with no configuration written.
            assertThat(ServiceProcesses.get(port, "/prometheus").body()).contains("vmpooler_build_info");
            List<String> lines = Files.readAllLines(log);
            assertThat(lines.getFirst()).startsWith("{").contains("configuration loaded");
            // The process runs on this JVM, on this machine: in server mode the manager shares the cores.
            ManagerCarriers.forServer(Runtime.getRuntime().availableProcessors(), Runtime.version().feature(),
                    new java.util.Properties()).ifPresent(carriers -> assertThat(lines)
                    .filteredOn(line -> line.contains("vmpooler started")).singleElement().asString()
                    .contains("(" + carriers + " for the manager's virtual threads)"));
            // A warning found while reading the configuration (REDIS_PORT without :redis:) is JSON too.
            assertThat(lines).filteredOn(line -> line.contains("REDIS_PORT")).singleElement().asString()
                    .startsWith("{").contains("\"level\":\"WARN\"");
            ObjectMapper json = new ObjectMapper();
            for (String line : lines) {
                assertThat(json.readTree(line).get("formattedMessage")).as(line).isNotNull();
            }
            assertStopsGracefullyOnSigterm(server, log);
        } finally {
            server.destroyForcibly();
        }
    }

    private Process start(List<String> args, Map<String, String> env, Path log) throws IOException {
        return ServiceProcesses.start(ServiceProcesses.mainClass(args), dir, log, env);
    }
}
