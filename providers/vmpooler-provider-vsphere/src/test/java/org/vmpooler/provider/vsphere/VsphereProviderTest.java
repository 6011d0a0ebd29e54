package org.vmpooler.provider.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vmpooler.config.ConfigException;
import org.vmpooler.config.Settings;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.manager.testkit.RecordingMetrics;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.provider.CreateRequest;
import org.vmpooler.provider.ProviderContext;
import org.vmpooler.provider.ProviderFactory;
import org.vmpooler.provider.VmLabels;
import org.vmpooler.provider.capability.Capability;

/**
 * What the conformance kit does not cover: migration, purge, vCenter restarts and bad settings. (Template delta
 * disks cannot be tested here: the simulator refuses any device change of a template.)
 */
class VsphereProviderTest {
    private static Vcsim vcsim;

    @BeforeAll
    static void startSimulator() throws Exception {
        vcsim = Vcsim.start();
    }

    @AfterAll
    static void stopSimulator() throws Exception {
        vcsim.close();
    }

    @Test
    void aVmOnABusyHostMovesToAPreferredHostOfItsArchitecture() {
        VsphereProvider provider = VsphereConfigs.provider(VsphereConfigs.twoPools(vcsim, "migration_limit: 1\nmanage_host_selection: true"), "vc");
        create(provider, "debian", "mover");
        String busy = vcsim.hostOf(Vcsim.DEBIAN);
        assertThat(vcsim.hostOf("vmpooler/debian/mover")).isEqualTo(busy);

        Map<String, String> fields = provider.migrateVm("debian", "mover");

        assertThat(fields).containsEntry("migrated", "true").containsKey("migration_time");
        assertThat(fields.get("host")).isEqualTo(vcsim.hostOf("vmpooler/debian/mover")).isNotEqualTo(busy);
        assertThat(provider.migrateVm("debian", "mover")).as("now on a preferred host")
                .isEqualTo(Map.of("host", fields.get("host")));
        provider.destroyVm("debian", "mover");
    }

    @Test
    void withoutAMigrationLimitAVmOnlyReportsItsHost() {
        VsphereProvider provider = VsphereConfigs.provider(VsphereConfigs.twoPools(vcsim, ""), "vc");
        create(provider, "debian", "stayer");

        assertThat(provider.migrateVm("debian", "stayer")).isEqualTo(Map.of("host", vcsim.hostOf(Vcsim.DEBIAN)));
        provider.destroyVm("debian", "stayer");
    }

    @Test
    void purgeRemovesFoldersOfUnconfiguredPoolsButKeepsAllowListedOnes() {
        VsphereProvider earlier = VsphereConfigs.provider(VsphereConfigs.twoPools(vcsim, "", "retired", "paused"),
                "vc");
        create(earlier, "retired", "leftover");
        create(earlier, "paused", "sleeper");

        VsphereProvider now = VsphereConfigs.provider(VsphereConfigs.twoPools(vcsim, ""), "vc");
        now.purgeUnconfiguredResources(List.of("paused"));

        assertThat(vcsim.allVms()).doesNotContain("retired/leftover").contains("paused/sleeper");
        assertThat(vcsim.allVms()).as("templates are never purged").contains("templates/centos");
        earlier.destroyVm("paused", "sleeper");
    }

    @Test
    void closingTheProviderEndsItsVcenterSession() {
        VsphereProvider provider = VsphereConfigs.provider(VsphereConfigs.twoPools(vcsim, ""), "vc");
        provider.vmsInPool("debian");
        int open = vcsim.sessions();

        provider.close();

        assertThat(vcsim.sessions()).isEqualTo(open - 1);
    }

    @Test
    void aRestartedVcenterIsLoggedIntoAgainAndItsFoldersAreLookedUpAfresh() throws Exception {
        RecordingMetrics metrics = new RecordingMetrics();
        VsphereProvider provider = VsphereConfigs.provider(VsphereConfigs.twoPools(vcsim, ""), "vc", metrics);
        create(provider, "debian", "before");
        assertThat(metrics.increments("provider_connection.opened.vc")).isEqualTo(1);

        vcsim.restart();

        assertThat(provider.vmsInPool("debian")).as("the new vCenter has no pool folder yet").isEmpty();
        create(provider, "debian", "after");
        assertThat(provider.vmsInPool("debian")).containsExactly("after");
        provider.destroyVm("debian", "after");
        assertThat(metrics.increments("provider_connection.lost.vc")).as("the session the restart ended")
                .isEqualTo(1);
        assertThat(metrics.increments("provider_connection.opened.vc")).isEqualTo(2);
    }

    @Test
    void everyBadSettingIsReportedAtOnce() {
        VmpoolerConfig config = VsphereConfigs.load("""
                :config: {}
                :providers:
                  :vc:
                    provider_class: vsphere
                    username: someone
                    connection_pool_size: none
                :dns_configs:
                  :lab: {dns_class: dynamic-dns, domain: vmpooler.test}
                :pools:
                  - {name: debian, template: templates/debian, size: 1, provider: vc, dns_plugin: lab}
                """);

        assertThatThrownBy(() -> new VsphereProviderFactory().create(new ProviderContext(config.providers().get("vc"),
                config, Metrics.none(), Clock.systemUTC())))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("vsphere provider vc: ")
                .hasMessageContaining("missing :providers: > vc > server")
                .hasMessageContaining("missing :providers: > vc > password")
                .hasMessageContaining("connection_pool_size")
                .hasMessageContaining("pool debian has no datacenter");
    }

    @Test
    void theModuleRegistersTheVsphereClassWithItsCapabilities() {
        assertThat(ServiceLoader.load(ProviderFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(VsphereProviderFactory.class::isInstance).map(ProviderFactory::providerClass))
                .containsExactly("vsphere");
        assertThat(new VsphereProviderFactory().capabilities()).extracting(Capability::wireName)
                .containsExactlyInAnyOrder("disks", "snapshots", "migration", "template_delta_disks", "purge");
    }

    @Test
    void onlyAddressesAGuestCanBeReachedAtAreUsed() {
        Optional<String> ok = Optional.of("toolsOk");
        assertThat(GuestAddress.usable(Optional.of("10.0.3.4"), ok)).contains("10.0.3.4");
        assertThat(GuestAddress.usable(Optional.of("20.0.1.1"), Optional.of("toolsOld"))).contains("20.0.1.1");
        assertThat(GuestAddress.usable(Optional.of("169.254.10.1"), ok)).isEmpty();
        assertThat(GuestAddress.usable(Optional.of("0.0.0.0"), ok)).isEmpty();
        assertThat(GuestAddress.usable(Optional.of("fe80::1"), ok)).isEmpty();
        assertThat(GuestAddress.usable(Optional.of("10.1.2.3"), Optional.of("toolsNotRunning"))).isEmpty();
    }

    private static void create(VsphereProvider provider, String pool, String vm) {
        provider.createVm(new CreateRequest(pool, vm, templateOf(pool), Optional.of(Vcsim.CLUSTER),
                Settings.empty(pool), VmLabels.of("vmp-test", pool, vm, Optional.empty(),
                        Optional.empty())));
    }

    private static String templateOf(String pool) {
        return pool.equals("ubuntu") ? Vcsim.UBUNTU : Vcsim.DEBIAN;
    }
}
