package org.vmpooler.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmpooler.server.ServiceProcesses.assertStopsGracefullyOnSigterm;
import static org.vmpooler.server.ServiceProcesses.freePort;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpooler.plugin.ThirdPartyPluginJar;
import org.vmpooler.provider.capability.Capability;
import org.vmpooler.provider.dummy.DummyProviderFactory;

/**
 * A third party's plugin jar, compiled and jarred outside the build at test time, dropped into a plugins folder
 * and used by the assembled {@code bin/vmpooler} without rebuilding anything.
 */
class PluginFolderIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONFIG = """
            :config:
              prefix: 'plug-'
            :providers:
              :lab:
                provider_class: thirdparty
            :dns_configs:
              :zone:
                dns_class: thirdparty-dns
                domain: plugin.example.com
            :pools:
              - name: plugin-pool
                template: templates/plugin
                size: 3
                provider: lab
                dns_plugin: zone
            """;

    @TempDir
    static Path dir;
    static Path folder;
    static Path jar;

    @BeforeAll
    static void buildThePluginJarOutsideTheBuild() throws Exception {
        folder = dir.resolve("site-plugins");
        jar = ThirdPartyPluginJar.build(dir.resolve("plugin-build"), folder);
    }

    @Test
    void aPoolOfThePluginsProviderClassFillsThroughTheLauncher() throws Exception {
        int port = freePort();
        Path log = dir.resolve("server.log");
        Process server = ServiceProcesses.start(ServiceProcesses.launcher(List.of("server")), dir, log,
                Map.of("PORT", Integer.toString(port), "VMPOOLER_CONFIG", CONFIG,
                        "VMPOOLER_PLUGIN_PATH", folder.toString()));
        try {
            JsonNode pool = Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions()
                    .until(() -> JSON.readTree(ServiceProcesses.get(port, "/api/v3/status").body())
                            .path("pools").path("plugin-pool"), status -> status.path("ready").asInt() == 3);
            assertThat(pool.path("max").asInt()).isEqualTo(3);
            String checkout = ServiceProcesses.post(port, "/api/v3/vm/plugin-pool").body();
            assertThat(checkout).contains("\"ok\": true").contains("plug-").contains(".plugin.example.com");
            String vm = JSON.readTree(checkout).path("plugin-pool").path("hostname").asText().split("\\.")[0];
            // The API knows the plugin class's capabilities: snapshots it offers, disks it does not.
            assertThat(ServiceProcesses.post(port, "/api/v3/vm/" + vm + "/snapshot").statusCode()).isEqualTo(202);
            HttpResponse<String> disk = ServiceProcesses.post(port, "/api/v3/vm/" + vm + "/disk/8");
            assertThat(disk.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(disk.body()).path("provider_class").asText()).isEqualTo("thirdparty");
            assertThat(Files.readString(log)).contains("Plugin jar " + jar
                    + " loaded: provider classes [thirdparty], DNS classes [thirdparty-dns]");

            assertStopsGracefullyOnSigterm(server, log, "vmpooler stopped");
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void pluginsListsTheJarsClassesWithTheirJarAndCapabilitiesNextToTheBuiltInOnes() throws Exception {
        String listing = run(List.of("plugins"), Map.of("VMPOOLER_PLUGIN_PATH", folder.toString()), 0);
        assertThat(listing).contains("Searched: the built-in plugins and the plugins folder " + folder
                + " (VMPOOLER_PLUGIN_PATH)").contains("Plugin jars loaded:\n  " + jar + "\n");
        assertThat(listing.lines()).anySatisfy(line -> assertThat(line)
                .matches("thirdparty +" + Pattern.quote(jar.toString()) + " +snapshots"));
        String dummyCapabilities = new DummyProviderFactory().capabilities().stream().map(Capability::wireName)
                .collect(Collectors.joining(", "));
        assertThat(listing.lines()).anySatisfy(line -> assertThat(line)
                .matches("dummy +built in +" + dummyCapabilities));
        assertThat(listing.lines()).anySatisfy(line -> assertThat(line)
                .matches("thirdparty-dns +" + Pattern.quote(jar.toString())));
        assertThat(listing.lines()).anySatisfy(line -> assertThat(line).startsWith("dynamic-dns "));
    }

    @Test
    void anUnknownProviderClassNamesThePluginsFolderItSearched() throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        String output = run(List.of("manager"), Map.of("VMPOOLER_CONFIG", CONFIG, "VMPOOLER_PLUGIN_PATH",
                elsewhere.toString(), "PORT", Integer.toString(freePort())), 1);
        // Both classes the jar would have offered are missing, and one start reports both.
        List<String> errors = output.lines().filter(line -> line.startsWith("vmpooler: configuration error: "))
                .toList();
        assertThat(errors).hasSize(2);
        assertThat(errors.getFirst()).contains("provider lab has provider_class 'thirdparty'")
                .contains("searched the built-in plugins and the plugins folder " + elsewhere
                        + " (VMPOOLER_PLUGIN_PATH)")
                .containsPattern("available: \\[.*\\bdummy\\b.*]");
        assertThat(errors.get(1)).contains("dns config zone has dns_class 'thirdparty-dns'");
    }

    /** Runs {@code bin/vmpooler args} to its end and returns its output, checking its exit status. */
    private static String run(List<String> args, Map<String, String> env, int status) throws Exception {
        Path log = Files.createTempFile(dir, String.join("-", args), ".log");
        Process process = ServiceProcesses.start(ServiceProcesses.launcher(args), dir, log, env);
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(Files.readString(log)).isEqualTo(status);
            return Files.readString(log);
        } finally {
            process.destroyForcibly();
        }
    }
}
