package org.vmpooler.provider.ec2;

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
import org.vmpooler.provider.ProviderFactory;
import org.vmpooler.provider.ProviderRegistry;
import org.vmpooler.provider.capability.Capability;

/** The EC2 provider as the service finds it: through the module's ServiceLoader registration. */
class Ec2ProviderFactoryTest {

    @Test
    void theModuleRegistersEc2WithItsCapabilities() {
        assertThat(ServiceLoader.load(ProviderFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(Ec2ProviderFactory.class::isInstance).map(ProviderFactory::providerClass))
                .containsExactly("ec2");
        assertThat(new Ec2ProviderFactory().capabilities()).extracting(Capability::wireName)
                .containsExactlyInAnyOrder("disks", "snapshots", "user_tagging", "purge");
    }

    @Test
    void aPoolWithoutAnInstanceTypeStopsTheStartNamingIt() {
        VmpoolerConfig config = PluginConfigs.builder()
                .provider("aws", "EC2", Map.of("region", "us-east-1", "ec2_endpoint", "http://127.0.0.1:9"))
                .pool("debian", "aws").build();

        assertThatThrownBy(() -> ProviderRegistry.load(config, Metrics.none(), Clock.systemUTC()))
                .isInstanceOf(ConfigException.class).hasMessageContainingAll("debian", "instance_type");
    }
}
