package org.vmpooler.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmpooler.server.ServiceProcesses.assertStopsGracefullyOnSigterm;
import static org.vmpooler.server.ServiceProcesses.awaitLog;
import static org.vmpooler.server.ServiceProcesses.freePort;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpooler.build.Version;

/**
 * The README's start command, {@code bin/vmpooler server}, on the jar this build assembled (hence an integration
 * test, run after packaging): the quick start's promise and the JVM options the launcher gives the service.
 */
class LauncherIT {
    @TempDir
    Path dir;

    @Test
    void quickStartHandsOutAVmOnZgcAndStopsGracefullyOnSigterm() throws Exception {
        int port = freePort();
        Path log = dir.resolve("server.log");
        Process server = ServiceProcesses.start(ServiceProcesses.launcher(List.of("server")), dir, log,
                Map.of("PORT", Integer.toString(port)));
        try {
            // The quick start promises a hostname within 30 s of the command.
            String body = Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions().until(() -> ServiceProcesses.post(port, "/api/v3/vm/debian-12-x86_64"),
                            r -> r.statusCode() == 200).body();
            assertThat(body).contains("\"ok\": true").contains(".example.com");
            assertThat(Files.readString(log)).doesNotContain("building")
                    .contains("ZGC collector, heap up to 1024 MiB");

            assertStopsGracefullyOnSigterm(server, log, "vmpooler API stopped", "pool manager stopped",
                    "vmpooler stopped");
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void aRoleNamedInAnotherCaseGetsTheServiceOptionsToo() throws Exception {
        assertThat(logOfAStartAndStop(List.of("Manager"), Map.of())).contains("vmpooler started: [MANAGER] on JVM")
                .contains("; version " + Version.current())
                .contains("ZGC collector, heap up to 1024 MiB");
    }

    @Test
    void serverJavaOptionsReplaceTheLaunchersCollectorAndHeap() throws Exception {
        assertThat(logOfAStartAndStop(List.of("api"), Map.of("VMPOOLER_SERVER_JAVA_OPTS", "-XX:+UseG1GC -Xmx256m")))
                .contains("vmpooler started: [API] on JVM").contains("G1 collector, heap up to 256 MiB");
    }

    @Test
    void clientCallsShareAClassArchiveAndPrintNothingAboutIt() throws Exception {
        Map<String, String> env = Map.of("XDG_CACHE_HOME", dir.resolve("cache").toString());
        assertThat(clientOutput(env)).isEqualTo("vmpooler " + Version.current() + "\n");
        Path archive;
        try (var files = Files.list(dir.resolve("cache").resolve("vmpooler"))) {
            archive = files.filter(f -> f.toString().endsWith(".jsa")).findFirst().orElseThrow();
        }
        assertThat(Files.size(archive)).as("the first call wrote the archive").isGreaterThan(64 * 1024);
        // A reused archive, and a stub left by a killed run, are both silent; the stub is replaced.
        assertThat(clientOutput(env)).isEqualTo("vmpooler " + Version.current() + "\n");
        Files.writeString(archive, "cut short");
        assertThat(clientOutput(env)).isEqualTo("vmpooler " + Version.current() + "\n");
        assertThat(Files.size(archive)).isGreaterThan(64 * 1024);
    }

    /** Standard output and error of {@code bin/vmpooler --version}. */
    private String clientOutput(Map<String, String> env) throws Exception {
        Path log = dir.resolve("client.log");
        Process process = ServiceProcesses.start(ServiceProcesses.launcher(List.of("--version")), dir, log, env);
        assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        return Files.readString(log);
    }

    /** Runs {@code bin/vmpooler args} until it has started, stops it with SIGTERM and returns its log. */
    private String logOfAStartAndStop(List<String> args, Map<String, String> env) throws Exception {
        Path log = dir.resolve(String.join("-", args) + ".log");
        Map<String, String> withPort = new HashMap<>(env);
        withPort.put("PORT", Integer.toString(freePort()));
        Process process = ServiceProcesses.start(ServiceProcesses.launcher(args), dir, log, withPort);
        try {
            awaitLog(log, "vmpooler started");
            assertStopsGracefullyOnSigterm(process, log, "vmpooler stopped");
            return Files.readString(log);
        } finally {
            process.destroyForcibly();
        }
    }
}
