package org.vmpooler.dns.route53;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;
import org.vmpooler.config.ConfigException;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.dns.DnsPluginFactory;
import org.vmpooler.dns.DnsRegistry;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.provider.PluginConfigs;

/** The Route 53 plugin as the service finds it: through the module's ServiceLoader registration. */
class Route53PluginFactoryTest {

    @Test
    void theModuleRegistersRoute53() {
        assertThat(ServiceLoader.load(DnsPluginFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(Route53PluginFactory.class::isInstance).map(DnsPluginFactory::dnsClass))
                .containsExactly("route53");
    }

    @Test
    void aConfigWithoutAHostedZoneStopsTheStartNamingIt() {
        VmpoolerConfig config = PluginConfigs.builder().provider("dummy", "dummy", Map.of())
                .dns("aws-zone", "route53", "ci.example.com", Map.of("ttl", 30)).pool("debian", "dummy", "aws-zone")
                .build();

        assertThatThrownBy(() -> DnsRegistry.load(config, Metrics.none())).isInstanceOf(ConfigException.class)
                .hasMessageContainingAll("aws-zone", "hosted_zone_id", "ci.example.com");
    }
}
