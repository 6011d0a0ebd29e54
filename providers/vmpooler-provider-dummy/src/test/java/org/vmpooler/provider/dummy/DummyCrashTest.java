package org.vmpooler.provider.dummy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.provider.PluginConfigs;
import org.vmpooler.provider.ProviderContext;

/** The inventory file survives the process being killed in the middle of writing it (kill -9). */
class DummyCrashTest {

    @Test
    void aKilledProcessLeavesAReadableInventoryWithEveryAcknowledgedVm(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("inventory.yaml");
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DummyInventoryWriter.class.getName(), file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int acknowledged = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while (acknowledged < 100 && (line = out.readLine()) != null) {
                if (line.startsWith("acknowledged ")) {
                    acknowledged = Integer.parseInt(line.substring("acknowledged ".length()).trim());
                }
            }
            writer.destroyForcibly();
            assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            writer.destroyForcibly();
        }
        assertThat(acknowledged).as("the writer ran").isEqualTo(100);

        VmpoolerConfig config = PluginConfigs.builder().provider("dummy", "dummy", Map.of("filename", file.toString()))
                .pool("debian", "dummy").build();
        DummyProvider restarted = new DummyProvider(new ProviderContext(config.providers().get("dummy"), config,
                Metrics.none(), Clock.systemUTC()), new SplittableRandom(1));
        assertThat(restarted.vmsInPool("debian")).hasSizeGreaterThanOrEqualTo(101)
                .contains("vm0", "vm100");
    }
}
