package org.vmpooler.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpooler.config.CircuitBreakerSettings;
import org.vmpooler.config.ConfigException;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.provider.dummy.DummyProviderFactory;
import org.vmpooler.testing.MutableClock;

class ProviderRegistryTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private final RecordingMetrics metrics = new RecordingMetrics();

    @Test
    void findsTheDummyOnTheClassPathMatchingItsClassCaseInsensitively() {
        assertThat(ServiceLoader.load(ProviderFactory.class).stream().map(ServiceLoader.Provider::type))
                .contains(DummyProviderFactory.class);

        VmpoolerConfig config = PluginConfigs.builder().provider("local", "DUMMY", Map.of()).pool("debian", "local")
                .build();
        ProviderRegistry registry = ProviderRegistry.load(config, metrics, clock);

        Provider provider = registry.forPool("debian");
        assertThat(provider.name()).isEqualTo("local");
        assertThat(provider.createVm(PluginConfigs.request("debian", "vm1")).ip()).isPresent();
        assertThat(registry.named("local").vmsInPool("debian")).containsExactly("vm1");
        assertThat(registry.all()).containsExactly(provider);
        assertThat(registry.connectionPoolOf("local")).hasValueSatisfying(pool ->
                assertThat(pool.health().size()).isEqualTo(1));
    }

    @Test
    void createsOneInstancePerNameEvenWhenTwoShareAClass(@TempDir Path dir) {
        VmpoolerConfig config = PluginConfigs.builder()
                .provider("dc1", "dummy", Map.of("filename", dir.resolve("dc1.yaml").toString()))
                .provider("dc2", "dummy", Map.of("filename", dir.resolve("dc2.yaml").toString()))
                .pool("debian", "dc1").pool("ubuntu", "dc1").pool("centos", "dc2")
                .build();
        ProviderRegistry registry = ProviderRegistry.load(config, metrics, clock);

        assertThat(registry.forPool("debian")).isSameAs(registry.forPool("ubuntu")).isSameAs(registry.named("dc1"));
        assertThat(registry.forPool("centos")).isSameAs(registry.named("dc2")).isNotSameAs(registry.named("dc1"));
        assertThat(registry.all()).hasSize(2);

        registry.forPool("debian").createVm(PluginConfigs.request("debian", "vm1"));
        assertThatThrownBy(() -> registry.named("dc2").createVm(PluginConfigs.request("debian", "vm2")))
                .hasMessageContaining("does not serve pool debian");
        assertThat(dir.resolve("dc1.yaml")).content().contains("vm1");
        assertThat(dir.resolve("dc2.yaml")).doesNotExist();
    }

    @Test
    void anUnknownClassFailsAtStartNamingTheInstanceTheClassAndWhatIsAvailable() {
        VmpoolerConfig config = PluginConfigs.builder().provider("vc1", "vsphere", Map.of()).pool("debian", "vc1")
                .build();
        assertThatThrownBy(() -> ProviderRegistry.load(config, metrics, clock)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("provider vc1").hasMessageContaining("'vsphere'")
                .hasMessageContaining("available: [dummy]");
    }

    @Test
    void aProviderThatCannotStartFailsTheStartNamingIt(@TempDir Path dir) throws Exception {
        Path inventory = dir.resolve("dummy.yaml");
        Files.writeString(inventory, "pool: {debian: [{name: vm1, dummy_state: EXPLODED}]}");
        VmpoolerConfig config = PluginConfigs.builder()
                .provider("local", "dummy", Map.of("filename", inventory.toString())).pool("debian", "local").build();
        assertThatThrownBy(() -> ProviderRegistry.load(config, metrics, clock)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("provider local of class dummy could not be created: ")
                .hasMessageContaining("unknown dummy_state 'EXPLODED'");
    }

    @Test
    void aSeedMakesTheDummysChancesReproducible() {
        VmpoolerConfig config = PluginConfigs.builder()
                .provider("local", "dummy", Map.of("seed", 11, "createvm_fail_percent", 50)).pool("debian", "local")
                .build();
        List<Boolean> first = cloneOutcomes(ProviderRegistry.load(config, Metrics.none(), clock));
        List<Boolean> second = cloneOutcomes(ProviderRegistry.load(config, Metrics.none(), clock));
        assertThat(first).isEqualTo(second).contains(true, false);
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

    @Test
    void anUnusedInstanceIsCheckedButNotCreated() {
        VmpoolerConfig typo = PluginConfigs.builder().provider("spare", "dumy", Map.of())
                .provider("local", "dummy", Map.of()).pool("debian", "local").build();
        assertThatThrownBy(() -> ProviderRegistry.load(typo, metrics, clock)).hasMessageContaining("'dumy'");

        VmpoolerConfig unused = PluginConfigs.builder().provider("spare", "dummy", Map.of())
                .provider("local", "dummy", Map.of()).pool("debian", "local").build();
        ProviderRegistry registry = ProviderRegistry.load(unused, metrics, clock);
        assertThat(registry.all()).extracting(Provider::name).containsExactly("local");
        assertThatThrownBy(() -> registry.named("spare")).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("spare");
        assertThatThrownBy(() -> registry.forPool("nope")).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("nope");
    }

    @Test
    void aPoolNamingAProviderWithoutASectionGetsThatClassWithDefaults() {
        VmpoolerConfig config = PluginConfigs.builder().pool("debian", "dummy").build();
        ProviderRegistry registry = ProviderRegistry.load(config, metrics, clock);
        assertThat(registry.forPool("debian").name()).isEqualTo("dummy");
        assertThat(registry.breakerOf("dummy")).isPresent();
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
