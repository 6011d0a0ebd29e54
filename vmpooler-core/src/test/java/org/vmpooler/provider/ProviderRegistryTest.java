package org.vmpooler.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;
import org.vmpooler.config.CircuitBreakerSettings;
import org.vmpooler.config.ConfigException;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.testing.MutableClock;

class ProviderRegistryTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private final RecordingMetrics metrics = new RecordingMetrics();

    @Test
    void findsAClassOnTheClassPathMatchingItCaseInsensitively() {
        assertThat(ServiceLoader.load(ProviderFactory.class).stream().map(ServiceLoader.Provider::type))
                .contains(RecordingProviderFactory.class);

        VmpoolerConfig config = PluginConfigs.builder().provider("local", "RECORDING", Map.of())
                .pool("debian", "local").build();
        ProviderRegistry registry = ProviderRegistry.load(config, metrics, clock);

        Provider provider = registry.forPool("debian");
        assertThat(provider.name()).isEqualTo("local");
        assertThat(provider.createVm(PluginConfigs.request("debian", "vm1")).ip()).isPresent();
        assertThat(registry.named("local").vmsInPool("debian")).containsExactly("vm1");
        assertThat(registry.all()).containsExactly(provider);
    }

    @Test
    void closingTheRegistryClosesEveryInstanceOnceEvenWhenOneFails() {
        VmpoolerConfig config = PluginConfigs.builder()
                .provider("closing-1", "recording", Map.of("close_fails", "vCenter unreachable"))
                .provider("closing-2", "recording", Map.of())
                .pool("debian", "closing-1").pool("ubuntu", "closing-1").pool("centos", "closing-2")
                .build();
        ProviderRegistry registry = ProviderRegistry.load(config, metrics, clock);

        registry.close();

        assertThat(RecordingProviderFactory.CLOSES.get("closing-1")).as("shared by two pools, closed once")
                .hasValue(1);
        assertThat(RecordingProviderFactory.CLOSES.get("closing-2")).as("closed after the other one failed")
                .hasValue(1);
    }

    @Test
    void createsOneInstancePerNameEvenWhenTwoShareAClass() {
        VmpoolerConfig config = PluginConfigs.builder()
                .provider("dc1", "recording", Map.of()).provider("dc2", "recording", Map.of())
                .pool("debian", "dc1").pool("ubuntu", "dc1").pool("centos", "dc2")
                .build();
        ProviderRegistry registry = ProviderRegistry.load(config, metrics, clock);

        assertThat(registry.forPool("debian")).isSameAs(registry.forPool("ubuntu")).isSameAs(registry.named("dc1"));
        assertThat(registry.forPool("centos")).isSameAs(registry.named("dc2")).isNotSameAs(registry.named("dc1"));
        assertThat(registry.all()).hasSize(2);

        registry.forPool("debian").createVm(PluginConfigs.request("debian", "vm1"));
        assertThat(registry.named("dc1").vmsInPool("debian")).containsExactly("vm1");
        assertThat(registry.named("dc2").vmsInPool("debian")).isEmpty();
    }

    @Test
    void anUnknownClassFailsAtStartNamingTheInstanceTheClassAndWhatIsAvailable() {
        VmpoolerConfig config = PluginConfigs.builder().provider("vc1", "vsphere", Map.of()).pool("debian", "vc1")
                .build();
        assertThatThrownBy(() -> ProviderRegistry.load(config, metrics, clock)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("provider vc1").hasMessageContaining("'vsphere'")
                .hasMessageContaining("available: [recording]");
    }

    @Test
    void aProviderThatCannotStartFailsTheStartNamingIt() {
        VmpoolerConfig config = PluginConfigs.builder()
                .provider("local", "recording", Map.of("refuse", "the inventory is unreadable"))
                .pool("debian", "local").build();
        assertThatThrownBy(() -> ProviderRegistry.load(config, metrics, clock)).isInstanceOf(ConfigException.class)
                .hasMessage("provider local of class recording could not be created: the inventory is unreadable");
    }

    @Test
    void anUnusedInstanceIsCheckedButNotCreated() {
        VmpoolerConfig typo = PluginConfigs.builder().provider("spare", "recordng", Map.of())
                .provider("local", "recording", Map.of()).pool("debian", "local").build();
        assertThatThrownBy(() -> ProviderRegistry.load(typo, metrics, clock)).hasMessageContaining("'recordng'");

        VmpoolerConfig unused = PluginConfigs.builder().provider("spare", "recording", Map.of())
                .provider("local", "recording", Map.of()).pool("debian", "local").build();
        ProviderRegistry registry = ProviderRegistry.load(unused, metrics, clock);
        assertThat(registry.all()).extracting(Provider::name).containsExactly("local");
        assertThatThrownBy(() -> registry.named("spare")).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("spare");
        assertThatThrownBy(() -> registry.forPool("nope")).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("nope");
    }

    @Test
    void aPoolNamingAProviderWithoutASectionGetsThatClassWithDefaults() {
        VmpoolerConfig config = PluginConfigs.builder().pool("debian", "recording").build();
        ProviderRegistry registry = ProviderRegistry.load(config, metrics, clock);
        assertThat(registry.forPool("debian").name()).isEqualTo("recording");
        assertThat(registry.breakerOf("recording")).isPresent();
    }

    @Test
    void aFailingProviderIsCutOffAfterTheThresholdAndRecovers() {
        FlakyProviderFactory flaky = new FlakyProviderFactory();
        VmpoolerConfig config = PluginConfigs.builder()
                .provider("vc1", "flaky", new CircuitBreakerSettings(true, 2, Duration.ofSeconds(30), 2), Map.of())
                .pool("debian", "vc1").build();
        ProviderRegistry registry = ProviderRegistry.load(config, metrics, clock, List.of(flaky));
        Provider provider = registry.forPool("debian");
        CircuitBreaker breaker = registry.breakerOf("vc1").orElseThrow();

        flaky.mode = FlakyProviderFactory.Mode.FAILING;
        assertThatThrownBy(() -> provider.vmsInPool("debian")).hasMessage("connection refused");
        assertThatThrownBy(() -> provider.destroyVm("debian", "vm1")).hasMessage("connection refused");
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);

        assertThatThrownBy(() -> provider.vmReady("debian", "vm1")).isInstanceOf(CircuitOpenException.class);
        assertThat(flaky.calls).hasValue(2);

        flaky.mode = FlakyProviderFactory.Mode.HEALTHY;
        clock.advance(Duration.ofSeconds(30));
        assertThat(provider.vmsInPool("debian")).containsExactly("vm1");
        assertThat(provider.vmIpAddress("debian", "vm1")).contains("10.0.0.1");
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);

        assertThat(metrics.counter("circuit_breaker.opened.vc1")).isEqualTo(1);
        assertThat(metrics.counter("circuit_breaker.half_open.vc1")).isEqualTo(1);
        assertThat(metrics.counter("circuit_breaker.closed.vc1")).isEqualTo(1);
        assertThat(metrics.counter("provider_call_failed.vms_in_pool.vc1")).isEqualTo(1);
        assertThat(metrics.counter("provider_call_failed.vm_ready.vc1")).isEqualTo(1);
        assertThat(metrics.timings()).contains("provider_call.vms_in_pool.vc1", "provider_call.destroy_vm.vc1",
                "provider_call.get_vm_ip_address.vc1");
    }

    @Test
    void permanentErrorsDoNotOpenTheBreaker() {
        FlakyProviderFactory flaky = new FlakyProviderFactory();
        VmpoolerConfig config = PluginConfigs.builder()
                .provider("vc1", "flaky", new CircuitBreakerSettings(true, 1, Duration.ofSeconds(30), 1), Map.of())
                .pool("debian", "vc1").build();
        ProviderRegistry registry = ProviderRegistry.load(config, metrics, clock, List.of(flaky));

        flaky.mode = FlakyProviderFactory.Mode.FAILING_PERMANENTLY;
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> registry.forPool("debian").createVm(PluginConfigs.request("debian", "vm1")))
                    .hasMessage("template not found");
        }
        assertThat(registry.breakerOf("vc1").orElseThrow().state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(flaky.calls).hasValue(3);
    }

    @Test
    void aDisabledBreakerLetsEveryCallThrough() {
        FlakyProviderFactory flaky = new FlakyProviderFactory();
        VmpoolerConfig config = PluginConfigs.builder()
                .provider("vc1", "flaky", new CircuitBreakerSettings(false, 1, Duration.ofSeconds(30), 1), Map.of())
                .pool("debian", "vc1").build();
        ProviderRegistry registry = ProviderRegistry.load(config, Metrics.none(), clock, List.of(flaky));

        flaky.mode = FlakyProviderFactory.Mode.FAILING;
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> registry.forPool("debian").getVm("debian", "vm1"))
                    .hasMessage("connection refused");
        }
        assertThat(flaky.calls).hasValue(5);
        assertThat(registry.breakerOf("vc1")).isEmpty();
        assertThat(registry.connectionPoolOf("vc1")).as("the flaky provider has no connection pool").isEmpty();
    }

    @Test
    void twoFactoriesForOneClassAreRefused() {
        VmpoolerConfig config = PluginConfigs.builder().pool("debian", "flaky").build();
        assertThatThrownBy(() -> ProviderRegistry.load(config, metrics, clock,
                List.of(new FlakyProviderFactory(), new FlakyProviderFactory())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("offered twice");
    }
}
