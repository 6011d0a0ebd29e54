package org.vmpooler.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpooler.config.ConfigLoader;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.dns.DnsRegistry;
import org.vmpooler.dns.RecordingDnsPluginFactory.RecordingDnsPlugin;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.testing.MutableClock;

/** Providers and DNS plugins built from YAML through the real configuration loader. */
class PluginsFromConfigFileTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private VmpoolerConfig load(String yaml) throws IOException {
        Files.writeString(dir.resolve("vmpooler.yaml"), yaml);
        return new ConfigLoader().load(Map.of(), dir);
    }

    @Test
    void theEmbeddedDefaultConfigurationClonesOnTheDummy() {
        VmpoolerConfig config = new ConfigLoader().load(Map.of(), dir);
        ProviderRegistry providers = ProviderRegistry.load(config, Metrics.none(), clock);
        DnsRegistry dns = DnsRegistry.load(config, Metrics.none());

        for (String pool : config.poolNames()) {
            Provider provider = providers.forPool(pool);
            String vm = "poolvm-" + pool.substring(0, 3);
            assertThat(provider.createVm(PluginConfigs.request(pool, vm)).ip()).isPresent();
            assertThat(provider.vmIpAddress(pool, vm)).isPresent();
            assertThat(provider.vmReady(pool, vm).ready()).isTrue();
            assertThat(provider.destroyVm(pool, vm)).isTrue();
            assertThat(dns.forPool(pool)).as("the example uses dynamic-dns").isEmpty();
        }
    }

    @Test
    void knobsBreakerSettingsAndNamedDnsConfigsComeFromTheFile() throws IOException {
        VmpoolerConfig config = load("""
                :config:
                  circuit_breaker_failure_threshold: 10
                :providers:
                  :lab:
                    provider_class: Dummy
                    filename: '%s'
                    createvm_fail_percent: 100
                    circuit_breaker_failure_threshold: 2
                :dns_configs:
                  :zone-a:
                    dns_class: recording
                    domain: a.example.com
                    zone_name: managed-a
                  :zone-b:
                    dns_class: recording
                    domain: b.example.com
                    zone_name: managed-b
                :pools:
                  - name: debian
                    template: templates/debian
                    size: 1
                    provider: lab
                    dns_plugin: zone-a
                  - name: ubuntu
                    template: templates/ubuntu
                    size: 1
                    provider: lab
                    dns_plugin: zone-b
                """.formatted(dir.resolve("lab.yaml")));
        ProviderRegistry providers = ProviderRegistry.load(config, Metrics.none(), clock);
        DnsRegistry dns = DnsRegistry.load(config, Metrics.none());

        Provider lab = providers.forPool("debian");
        assertThatThrownBy(() -> lab.createVm(PluginConfigs.request("debian", "vm1"))).hasMessageContaining("createvm_fail_percent");
        assertThatThrownBy(() -> lab.createVm(PluginConfigs.request("ubuntu", "vm2"))).hasMessageContaining("createvm_fail_percent");
        assertThat(providers.breakerOf("lab").orElseThrow().state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(ProviderRegistry.load(config, Metrics.none(), clock).forPool("debian").vmsInPool("debian"))
                .as("failed clones leave nothing in the inventory file").isEmpty();

        assertThat(((RecordingDnsPlugin) dns.forPool("debian").orElseThrow()).zone()).isEqualTo("managed-a");
        assertThat(((RecordingDnsPlugin) dns.forPool("ubuntu").orElseThrow()).zone()).isEqualTo("managed-b");
    }
}
