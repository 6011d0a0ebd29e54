package org.vmpooler.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.NoSuchElementException;

import org.junit.jupiter.api.Test;
import org.vmpooler.config.ConfigException;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.dns.RecordingDnsPluginFactory.RecordingDnsPlugin;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.provider.PluginConfigs;

class DnsRegistryTest {

    @Test
    void twoConfigsOfOneClassKeepTheirOwnSettings() {
        VmpoolerConfig config = PluginConfigs.builder()
                .dns("zone-a", "recording", "a.example.com", Map.of("zone_name", "zone-a-managed"))
                .dns("zone-b", "Recording", "b.example.com", Map.of("zone_name", "zone-b-managed"))
                .pool("debian", "dummy", "zone-a").pool("ubuntu", "dummy", "zone-a")
                .pool("centos", "dummy", "zone-b")
                .build();
        DnsRegistry registry = DnsRegistry.load(config, Metrics.none());

        RecordingDnsPlugin a = (RecordingDnsPlugin) registry.forPool("debian").orElseThrow();
        RecordingDnsPlugin b = (RecordingDnsPlugin) registry.forPool("centos").orElseThrow();
        assertThat(registry.forPool("ubuntu")).containsSame(a);
        assertThat(a.name()).isEqualTo("zone-a");
        assertThat(a.zone()).isEqualTo("zone-a-managed");
        assertThat(b.name()).isEqualTo("zone-b");
        assertThat(b.zone()).isEqualTo("zone-b-managed");

        b.createOrReplaceRecord(VmAddress.of("vm1", "b.example.com", "10.0.0.1"));
        assertThat(b.records()).containsEntry("vm1.b.example.com", "10.0.0.1");
        assertThat(a.records()).isEmpty();
    }

    @Test
    void closingTheRegistryClosesEachPluginOnceHoweverManyPoolsShareIt() {
        VmpoolerConfig config = PluginConfigs.builder()
                .dns("zone-a", "recording", "a.example.com", Map.of())
                .dns("zone-b", "recording", "b.example.com", Map.of())
                .pool("debian", "dummy", "zone-a").pool("ubuntu", "dummy", "zone-a")
                .pool("centos", "dummy", "zone-b").pool("fedora", "dummy", "example")
                .build();
        DnsRegistry registry = DnsRegistry.load(config, Metrics.none());
        RecordingDnsPlugin a = (RecordingDnsPlugin) registry.forPool("debian").orElseThrow();
        RecordingDnsPlugin b = (RecordingDnsPlugin) registry.forPool("centos").orElseThrow();

        registry.close();

        assertThat(a.closes).hasValue(1);
        assertThat(b.closes).hasValue(1);
    }

    @Test
    void dynamicDnsPoolsHaveNoPlugin() {
        VmpoolerConfig config = PluginConfigs.builder().pool("debian", "dummy", "example").build();
        assertThat(DnsRegistry.load(config, Metrics.none()).forPool("debian")).isEmpty();
    }

    @Test
    void anUnknownClassFailsAtStartEvenWhenNoPoolUsesIt() {
        VmpoolerConfig config = PluginConfigs.builder()
                .dns("cloud", "gcp", "example.com", Map.of())
                .pool("debian", "dummy", "example").build();
        assertThatThrownBy(() -> DnsRegistry.load(config, Metrics.none())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("dns config cloud").hasMessageContaining("'gcp'")
                .hasMessageContaining("[recording] and dynamic-dns");
    }

    @Test
    void aPoolWhoseDnsConfigIsMissingFailsAtStart() {
        VmpoolerConfig config = PluginConfigs.builder().pool("debian", "dummy", "nowhere").build();
        assertThatThrownBy(() -> DnsRegistry.load(config, Metrics.none())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("pool debian").hasMessageContaining("'nowhere'");
    }

    @Test
    void aPluginThatCannotStartFailsTheStartNamingItsConfig() {
        VmpoolerConfig config = PluginConfigs.builder()
                .dns("zone-a", "recording", "a.example.com", Map.of("credentials", "invalid"))
                .pool("debian", "dummy", "zone-a").build();
        assertThatThrownBy(() -> DnsRegistry.load(config, Metrics.none())).isInstanceOf(ConfigException.class)
                .hasMessage("dns config zone-a of class recording could not be created: "
                        + "the zone rejected the credentials");
    }

    @Test
    void anUnknownPoolIsAnError() {
        DnsRegistry registry = DnsRegistry.load(PluginConfigs.builder().build(), Metrics.none());
        assertThatThrownBy(() -> registry.forPool("debian")).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("debian");
    }
}
