package org.vmpooler.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmpooler.server.ServiceProcesses.freePort;
import static org.vmpooler.server.ServiceProcesses.get;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpooler.build.Version;

/**
 * Metrics, health and logs of the process an operator runs: the repository's dummy example plus a
 * {@code :prometheus:} section, started like {@code bin/vmpooler} in its own JVM.
 */
class ObservabilityProcessTest {
    @TempDir
    Path dir;

    @Test
    void aManagerOnlyProcessServesHealthAndPoolMetricsAndLogsToTheLogfile() throws Exception {
        Path config = dir.resolve("vmpooler.yaml");
        // The example's own :prometheus: section, with the instance label this test looks for.
        Files.writeString(config, Files.readString(Path.of("..", "vmpooler.yaml.dummy-example"))
                .replace(":prometheus:\n", ":prometheus:\n  prefix: ci\n"));
        int port = freePort();
        Path logfile = dir.resolve("vmpooler.log");
        Process manager = start(List.of("manager"), Map.of("PORT", Integer.toString(port),
                "VMPOOLER_CONFIG_FILE", config.toString(), "LOGFILE", logfile.toString()));
        try {
            String scrape = Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions().until(() -> get(port, "/prometheus").body(),
                            body -> body.contains("vmpooler_ready{poolname=\"debian-12-x86_64\",vmpooler_instance=\"ci\"}"));
            assertThat(scrape).contains("# TYPE vmpooler_time_to_ready_state histogram")
                    .contains("jvm_memory_bytes_used{area=\"heap\",vmpooler_instance=\"ci\"}")
                    .contains("vmpooler_build_info{version=\"" + Version.current() + "\",vmpooler_instance=\"ci\"} 1")
                    .doesNotContain("vmpooler_checkout_success");
            assertThat(get(port, "/healthcheck").statusCode()).isEqualTo(200);
            assertThat(get(port, "/api/v3/status").statusCode()).isEqualTo(404);

            manager.destroy();
            assertThat(manager.waitFor(60, TimeUnit.SECONDS)).isTrue();
            List<String> lines = Files.readAllLines(logfile);
            assertThat(lines).anySatisfy(line -> assertThat(line).matches(
                    "\\[\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}] .*pool manager started.*"));
            assertThat(lines).anySatisfy(line -> assertThat(line).contains("[debian-12-x86_64]"));
            assertThat(lines.getLast()).as("the lines logged while stopping are written before the process exits")
                    .endsWith("vmpooler stopped");
        } finally {
            manager.destroyForcibly();
        }
    }

    private Process start(List<String> args, Map<String, String> env) throws IOException {
        return ServiceProcesses.start(ServiceProcesses.mainClass(args), dir, dir.resolve("stdout.log"), env);
    }
}
