package org.vmpooler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PoolsReaderTest {
    @TempDir
    Path dir;

    private static final String DNS = """
            :dns_configs:
              :corp:
                dns_class: dynamic-dns
                domain: vm.example.com
            """;

    private VmpoolerConfig load(String yaml) {
        return new LoaderFixture(dir).config(DNS + yaml).load();
    }

    private ConfigException error(String yaml) {
        try {
            load(yaml);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected a ConfigException");
    }

    @Test
    void aNamePrefixMustKeepVmNamesValidDnsLabels() {
        String pool = """
                :pools:
                  - name: win
                    template: t
                    size: 1
                    dns_plugin: corp
                    name_prefix: %s
                """;
        assertThat(load(pool.formatted("ci-win-")).pool("win").orElseThrow().settings().string("name_prefix"))
                .contains("ci-win-");
        for (String bad : List.of("-ci", "CI-", "ci_", "a".repeat(43))) {
            assertThat(error(pool.formatted(bad))).hasMessageContaining(":pools: > win > name_prefix")
                    .hasMessageContaining("at most 42 characters");
        }
    }

    @Test
    void aliasesMayBeAStringOrAList() {
        VmpoolerConfig config = load("""
                :pools:
                  - name: centos-7-x86_64
                    alias: [centos-7, centos]
                    template: t
                    size: 1
                    dns_plugin: corp
                  - name: centos-7-b
                    alias: centos
                    template: t
                    size: 1
                    dns_plugin: corp
                """);

        assertThat(config.pool("centos-7-x86_64").orElseThrow().aliases()).containsExactly("centos-7", "centos");
        assertThat(config.pool("centos-7-b").orElseThrow().aliases()).containsExactly("centos");
        assertThat(config.aliases()).isEqualTo(Map.of("centos-7", List.of("centos-7-x86_64"),
                "centos", List.of("centos-7-x86_64", "centos-7-b")));
        assertThat(config.requestableNames()).containsExactly("centos-7-x86_64", "centos-7-b", "centos-7",
                "centos");
        assertThat(config.domainFor("centos-7-b")).contains("vm.example.com");
    }

    @Test
    void timesComeFromThePoolElseTheGlobalsElseTheDefaults() {
        VmpoolerConfig config = load("""
                :config:
                  timeout: 20
                  ready_ttl: 120
                  check_loop_delay_min: 10
                  check_loop_delay_max: 90
                  check_loop_delay_decay: 1.5
                  check_ready_vm_hostname_for_mismatch: false
                  clone_target: cluster-a
                :pools:
                  - name: own
                    template: t
                    size: 1
                    dns_plugin: corp
                    timeout: 5
                    timeout_notification: 2
                    ready_ttl: 30
                    check_loop_delay_min: 1
                    check_loop_delay_max: 2
                    check_loop_delay_decay: 3
                    check_hostname_for_mismatch: true
                    clone_target: cluster-b
                  - name: inherited
                    template: t
                    size: 1
                    dns_plugin: corp
                """);

        PoolConfig own = config.pool("own").orElseThrow();
        assertThat(own.timeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(own.timeoutNotification()).isEqualTo(Duration.ofMinutes(2));
        assertThat(own.readyTtl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(own.loopDelay()).isEqualTo(new LoopDelay(Duration.ofSeconds(1), Duration.ofSeconds(2), 3.0));
        assertThat(own.checkHostnameForMismatch()).isTrue();
        assertThat(own.cloneTarget()).contains("cluster-b");

        PoolConfig inherited = config.pool("inherited").orElseThrow();
        assertThat(inherited.timeout()).isEqualTo(Duration.ofMinutes(20));
        assertThat(inherited.timeoutNotification()).isEqualTo(Duration.ofMinutes(5));
        assertThat(inherited.readyTtl()).isEqualTo(Duration.ofMinutes(120));
        assertThat(inherited.loopDelay()).as("global loop delays apply to pools (reference bug fixed)")
                .isEqualTo(new LoopDelay(Duration.ofSeconds(10), Duration.ofSeconds(90), 1.5));
        assertThat(inherited.checkHostnameForMismatch()).isFalse();
        assertThat(inherited.cloneTarget()).contains("cluster-a");
    }

    @Test
    void loopDelaysAreSanitisedAsTheReferenceDoesAtRunTime() {
        PoolConfig pool = load("""
                :pools:
                  - name: p
                    template: t
                    size: 1
                    dns_plugin: corp
                    check_loop_delay_min: 30
                    check_loop_delay_max: 10
                    check_loop_delay_decay: 0.5
                """).pools().getFirst();

        assertThat(pool.loopDelay()).isEqualTo(new LoopDelay(Duration.ofSeconds(30), Duration.ofSeconds(30), 2.0));
    }

    @Test
    void poolsWithoutProviderUseTheImplicitDummyInstanceAndKeepTheirOwnKeys() {
        VmpoolerConfig config = load("""
                :pools:
                  - name: p
                    template: t
                    size: 3
                    dns_plugin: corp
                    folder: pooled/p
                """);

        PoolConfig pool = config.pools().getFirst();
        assertThat(pool.provider()).isEqualTo("dummy");
        assertThat(pool.size()).isEqualTo(3);
        assertThat(pool.template()).isEqualTo("t");
        assertThat(config.providers()).containsOnlyKeys("dummy");
        assertThat(pool.settings().string("folder")).contains("pooled/p");
        assertThat(pool.settings().path()).isEqualTo(":pools: > p");
    }

    @Test
    void providerInstancesHaveAClassTheirSettingsAndCircuitBreakerOverrides() {
        VmpoolerConfig config = load("""
                :config:
                  circuit_breaker_failure_threshold: 7
                :providers:
                  :vsphere-east:
                    provider_class: vsphere
                    server: vc.example.com
                    circuit_breaker_timeout: 90
                    folder_whitelist: [keep]
                    skip_dns_check_before_creating_vm: true
                  gce:
                    project: p
                :pools:
                  - name: p
                    template: t
                    size: 1
                    provider: vsphere-east
                    dns_plugin: corp
                """);

        ProviderConfig east = config.providers().get("vsphere-east");
        assertThat(east.providerClass()).isEqualTo("vsphere");
        assertThat(east.settings().string("server")).contains("vc.example.com");
        assertThat(east.circuitBreaker()).isEqualTo(new CircuitBreakerSettings(true, 7, Duration.ofSeconds(90), 3));
        assertThat(east.resourcesAllowlist()).containsExactly("keep");
        assertThat(east.skipDnsCheckBeforeCreatingVm()).isTrue();
        assertThat(config.providers().get("gce").providerClass()).isEqualTo("gce");
        assertThat(config.providers()).containsKey("dummy");
    }

    @Test
    void aLegacyTopLevelVsphereSectionBecomesTheVsphereProvider() {
        VmpoolerConfig config = load("""
                :vsphere:
                  server: vc.example.com
                :pools:
                  - name: p
                    template: t
                    size: 1
                    provider: vsphere
                    dns_plugin: corp
                """);

        assertThat(config.providers().get("vsphere").settings().string("server")).contains("vc.example.com");
    }

    @Test
    void anUnknownProviderIsAnErrorNamingPoolKeyAndValue() {
        assertThat(error("""
                :pools:
                  - name: p
                    template: t
                    size: 1
                    provider: vsphere-west
                    dns_plugin: corp
                """)).hasMessageContaining(":pools: > p > provider").hasMessageContaining("'vsphere-west'")
                .hasMessageContaining(dir.resolve("vmpooler.yaml").toString());
    }

    @Test
    void anUnknownDnsPluginIsAnErrorNamingPoolKeyAndValue() {
        assertThat(error("""
                :pools:
                  - name: p
                    template: t
                    size: 1
                    dns_plugin: nope
                """)).hasMessageContaining(":pools: > p > dns_plugin").hasMessageContaining("'nope'")
                .hasMessageContaining("[corp]");
    }

    @Test
    void requiredPoolKeysAreNamedWhenMissing() {
        assertThat(error("""
                :pools:
                  - template: t
                    size: 1
                    dns_plugin: corp
                """)).hasMessageContaining("missing required key :pools: > #1 > name");
        assertThat(error("""
                :pools:
                  - name: p
                    size: 1
                    dns_plugin: corp
                """)).hasMessageContaining("missing required key :pools: > p > template");
        assertThat(error("""
                :pools:
                  - name: p
                    template: t
                    dns_plugin: corp
                """)).hasMessageContaining("missing required key :pools: > p > size");
        assertThat(error("""
                :pools:
                  - name: p
                    template: t
                    size: 1
                """)).hasMessageContaining("missing required key :pools: > p > dns_plugin");
    }

    @Test
    void badPoolValuesAreNamed() {
        assertThat(error("""
                :pools:
                  - name: p
                    template: t
                    size: five
                    dns_plugin: corp
                """)).hasMessageContaining(":pools: > p > size").hasMessageContaining("'five'");
        assertThat(error("""
                :pools:
                  - name: p
                    template: t
                    size: -1
                    dns_plugin: corp
                """)).hasMessageContaining(":pools: > p > size").hasMessageContaining("at least 0");
        assertThat(error("""
                :pools:
                  - name: p
                    template: t
                    size: 1
                    dns_plugin: corp
                    alias: {a: b}
                """)).hasMessageContaining(":pools: > p > alias");
        assertThat(error("""
                :pools:
                  - just-a-name
                """)).hasMessageContaining("pool #1 of :pools:");
        assertThat(error("""
                :pools:
                  name: p
                """)).hasMessageContaining(":pools:").hasMessageContaining("a list of pools");
    }

    @Test
    void aDnsConfigNeedsADomainAndItsClassDefaultsToItsName() {
        assertThatThrownBy(() -> new LoaderFixture(dir).config("""
                :dns_configs:
                  :gcp:
                    project: p
                """).load()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("missing required key :dns_configs: > gcp > domain");

        DnsConfig gcp = new LoaderFixture(dir).config("""
                :dns_configs:
                  :gcp:
                    domain: d.example.com
                    zone_name: z
                """).load().dnsConfigs().get("gcp");
        assertThat(gcp.dnsClass()).isEqualTo("gcp");
        assertThat(gcp.dynamic()).isFalse();
        assertThat(gcp.domain()).isEqualTo("d.example.com");
        assertThat(gcp.settings().string("zone_name")).contains("z");
    }
}
