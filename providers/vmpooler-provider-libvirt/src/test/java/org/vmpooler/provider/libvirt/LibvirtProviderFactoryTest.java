package org.vmpooler.provider.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.Map;
import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;
import org.vmpooler.config.ConfigException;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.provider.PluginConfigs;
import org.vmpooler.provider.ProviderContext;
import org.vmpooler.provider.ProviderFactory;
import org.vmpooler.provider.capability.Capability;

class LibvirtProviderFactoryTest {

    @Test
    void theServiceLoaderFindsTheLibvirtClassWithItsCapabilities() {
        ProviderFactory factory = ServiceLoader.load(ProviderFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.providerClass().equals("libvirt")).findFirst().orElseThrow();

        assertThat(factory.capabilities()).containsExactlyInAnyOrder(Capability.DISKS, Capability.SNAPSHOTS,
                Capability.USER_TAGGING);
    }

    @Test
    void everyBadKeyIsReportedInOneError() {
        VmpoolerConfig config = PluginConfigs.builder().provider("kvm", "libvirt", Map.of("memory_overcommit", 0,
                "max_domains_per_host", "many", "connection_pool_size", 0)).build();

        assertThatThrownBy(() -> new LibvirtProviderFactory().create(new ProviderContext(config.providers().get("kvm"),
                config, Metrics.none(), Clock.systemUTC()))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("missing :providers: > :kvm: > uri")
                .hasMessageContaining("memory_overcommit").hasMessageContaining("max_domains_per_host")
                .hasMessageContaining("connection_pool_size");
    }
}
