package org.vmpooler.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service as an operator runs it: a separate JVM started like {@code bin/vmpooler}, on the embedded default
 * configuration, stopped with SIGTERM.
 */
class ServerProcessTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    @Test
    void quickStartHandsOutAVmAndStopsGracefullyOnSigterm() throws Exception {
        int port = freePort();
        Path log = dir.resolve("server.log");
        Process server = start(List.of("server"), Map.of("PORT", Integer.toString(port)), log);
        try {
            URI checkout = URI.create("http://127.0.0.1:" + port + "/api/v3/vm/debian-12-x86_64");
            // The quick start promises a hostname within 30 s of the command.
            String body = Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions().until(() -> post(checkout), r -> r.statusCode() == 200).body();
            assertThat(body).contains("\"ok\": true").contains(".example.com");

            assertStopsGracefullyOnSigterm(server, log, "vmpooler API stopped", "pool manager stopped",
                    "vmpooler stopped");
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void aSigtermWhileStartingStopsGracefullyOnceStarted() throws Exception {
        int port = freePort();
        Path log = dir.resolve("early-term.log");
        Process server = start(List.of("server"), Map.of("PORT", Integer.toString(port)), log);
        try {
            // The first line is the configuration; pools, providers, the API and the manager start after it.
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                    .until(() -> Files.readString(log).contains("configuration loaded"));
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
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log)
                    .contains("pool manager started"));
            assertThat(Files.readString(log)).doesNotContain("API listening");
            assertStopsGracefullyOnSigterm(server, log);
        } finally {
            server.destroyForcibly();
        }
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

    private static void assertStopsGracefullyOnSigterm(Process server, Path log, String... lastLines)
            throws Exception {
        server.destroy(); // SIGTERM
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(server.exitValue()).isZero();
        if (lastLines.length > 0) {
            assertThat(Files.readString(log)).contains(lastLines);
        }
    }

    private Process start(List<String> args, Map<String, String> env, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("VMPOOLER_") || k.startsWith("REDIS_")
                || k.equals("PORT") || k.equals("EXTRA_CONFIG"));
        builder.environment().put("BIND_ADDRESS", "127.0.0.1");
        builder.environment().putAll(env);
        return builder.start();
    }

    private HttpResponse<String> post(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
