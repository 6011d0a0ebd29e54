package org.vmpooler.provider.dummy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpooler.config.ConfigException;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.provider.PluginConfigs;
import org.vmpooler.provider.ProviderException;
import org.vmpooler.provider.ProviderFactory;
import org.vmpooler.provider.ProviderRegistry;
import org.vmpooler.provider.capability.Capability;

/** The dummy as the service finds it: through its jar's ServiceLoader registration, configured from YAML keys. */
class DummyProviderFactoryTest {

    @Test
    void theModuleRegistersTheDummyWithEveryCapability() {
        assertThat(ServiceLoader.load(ProviderFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(DummyProviderFactory.class::isInstance).map(ProviderFactory::capabilities))
                .containsExactly(Capability.of(DummyProvider.class));
        assertThat(new DummyProviderFactory().capabilities()).extracting(Capability::wireName)
                .contains("disks", "snapshots", "migration", "purge");
    }

    @Test
    void aSeedMakesTheDummysChancesReproducible() {
        VmpoolerConfig config = PluginConfigs.builder()
                .provider("local", "Dummy", Map.of("seed", 11, "createvm_fail_percent", 50)).pool("debian", "local")
                .build();
        List<Boolean> first = cloneOutcomes(ProviderRegistry.load(config, Metrics.none(), Clock.systemUTC()));
        List<Boolean> second = cloneOutcomes(ProviderRegistry.load(config, Metrics.none(), Clock.systemUTC()));
        assertThat(first).isEqualTo(second).contains(true, false);
    }

    @Test
    void anUnreadableInventoryStopsTheStartNamingTheInstance(@TempDir Path dir) throws Exception {
        Path inventory = dir.resolve("dummy.yaml");
        Files.writeString(inventory, "pool: {debian: [{name: vm1, dummy_state: EXPLODED}]}");
        VmpoolerConfig config = PluginConfigs.builder()
                .provider("local", "dummy", Map.of("filename", inventory.toString())).pool("debian", "local").build();
        assertThatThrownBy(() -> ProviderRegistry.load(config, Metrics.none(), Clock.systemUTC()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("provider local of class dummy could not be created: ")
                .hasMessageContaining("unknown dummy_state 'EXPLODED'");
    }

    private static List<Boolean> cloneOutcomes(ProviderRegistry registry) {
        List<Boolean> outcomes = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            try {
                registry.forPool("debian").createVm(PluginConfigs.request("debian", "vm" + i));
                outcomes.add(true);
            } catch (ProviderException e) {
                outcomes.add(false);
            }
        }
        return outcomes;
    }
}
