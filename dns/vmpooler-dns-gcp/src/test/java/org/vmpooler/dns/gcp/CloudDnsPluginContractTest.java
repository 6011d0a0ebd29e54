package org.vmpooler.dns.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vmpooler.config.ConfigException;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.dns.DnsPlugin;
import org.vmpooler.dns.DnsPluginContext;
import org.vmpooler.dns.DnsPluginContract;
import org.vmpooler.dns.VmAddress;
import org.vmpooler.gcp.FakeGoogleCloud;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.provider.PluginConfigs;
import org.vmpooler.testing.StartedThreads;

/**
 * The Cloud DNS plugin passes the DNS contract against the stateful Cloud DNS fake, with its records in a domain
 * below the managed zone's origin, and keeps its compare-and-set changes right when someone races it.
 */
class CloudDnsPluginContractTest extends DnsPluginContract {
    private static final String ZONE = "vmpooler-test-zone";
    private static final String DOMAIN = "pool.vmpooler.test";
    private static final String DENIED = "no-dns-role@vmp-test.iam.gserviceaccount.com";

    private static FakeGoogleCloud fake;
    private static Path credentials;
    private static Path deniedCredentials;
    private static DnsPlugin plugin;
    private static DnsPlugin refused;

    @BeforeAll
    static void start() throws Exception {
        fake = FakeGoogleCloud.start();
        fake.dns().addManagedZone(ZONE, "vmpooler.test.");
        Path dir = Files.createTempDirectory("cloud-dns");
        credentials = fake.writeServiceAccount(dir, "vmpooler@vmp-test.iam.gserviceaccount.com");
        deniedCredentials = fake.writeServiceAccount(dir, DENIED);
        fake.deny(DENIED);
        plugin = plugin(credentials, Map.of());
        refused = plugin(deniedCredentials, Map.of());
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    static DnsPlugin plugin(Path key, Map<String, Object> extra) {
        Map<String, Object> settings = new HashMap<>(Map.of("project", FakeGoogleCloud.PROJECT, "zone_name", ZONE,
                "endpoint", fake.dnsEndpoint().toString(), "credentials_file", key.toString(),
                "api_retry_delay", 0.01));
        settings.putAll(extra);
        VmpoolerConfig config = PluginConfigs.builder().dns("cloud", "gcp", DOMAIN, settings).build();
        return new CloudDnsPluginFactory().create(new DnsPluginContext(config.dnsConfigs().get("cloud"), config,
                Metrics.none()));
    }

    @Override
    protected DnsPlugin plugin() {
        return plugin;
    }

    @Override
    protected String domain() {
        return DOMAIN;
    }

    @Override
    protected Set<String> addresses(String fqdn) {
        return fake.dns().addresses(fqdn);
    }

    @Override
    protected void setElsewhere(String fqdn, String ip) {
        fake.dns().setRecord(ZONE, fqdn, ip);
    }

    @Override
    protected DnsPlugin refusedPlugin() {
        return refused;
    }

    @Override
    protected List<String> refusalMentions() {
        return List.of(ZONE, FakeGoogleCloud.PROJECT, DENIED);
    }

    @Test
    void aCreateRacedBySomeoneElseReadsAgainAndWins() {
        VmAddress vm = newVm("10.30.0.1");
        fake.dns().beforeNextChange(() -> fake.dns().setRecord(ZONE, vm.fqdn(), "192.0.2.9"));

        plugin.createOrReplaceRecord(vm);

        assertThat(addresses(vm.fqdn())).containsExactly("10.30.0.1");
    }

    @Test
    void aDeleteRacedByARepointLeavesTheNewAddress() {
        VmAddress vm = newVm("10.30.0.2");
        plugin.createOrReplaceRecord(vm);
        fake.dns().beforeNextChange(() -> fake.dns().setRecord(ZONE, vm.fqdn(), "192.0.2.10"));

        plugin.deleteRecord(vm);

        assertThat(addresses(vm.fqdn())).containsExactly("192.0.2.10");
    }

    @Test
    void ipv6AddressesAreAaaaRecords() {
        VmAddress vm = newVm("fd00::5");
        plugin.createOrReplaceRecord(vm);
        assertThat(addresses(vm.fqdn())).containsExactly("fd00::5");
        plugin.deleteRecord(vm);
        assertThat(addresses(vm.fqdn())).isEmpty();
    }

    @Test
    void throttledCallsAreRetried() {
        VmAddress vm = newVm("10.30.0.3");
        fake.throttle(2);
        plugin.createOrReplaceRecord(vm);
        assertThat(addresses(vm.fqdn())).containsExactly("10.30.0.3");
    }

    @Test
    void missingKeysStopTheStartNamingThem() {
        assertThatThrownBy(() -> plugin(credentials, Map.of("zone_name", "")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("zone_name is required");
        assertThatThrownBy(() -> plugin(credentials, Map.of("endpoint", "http://dns.example.com/")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("endpoint");
        assertThatThrownBy(() -> plugin(credentials, Map.of("ttl", -1)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ttl");
    }

    @Test
    void closingThePluginEndsItsHttpClientsThread() {
        AtomicReference<DnsPlugin> own = new AtomicReference<>();
        StartedThreads selector = StartedThreads.during(() -> own.set(plugin(credentials, Map.of())),
                thread -> thread.getName().endsWith("-SelectorManager"));
        own.get().createOrReplaceRecord(VmAddress.of("closing", DOMAIN, "10.40.9.9"));

        own.get().close();

        selector.awaitEnded();
    }
}
