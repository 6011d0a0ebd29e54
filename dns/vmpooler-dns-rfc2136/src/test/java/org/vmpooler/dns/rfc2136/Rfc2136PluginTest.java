package org.vmpooler.dns.rfc2136;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpooler.config.ConfigException;
import org.vmpooler.config.ConfigRedactor;
import org.vmpooler.dns.DnsException;
import org.vmpooler.dns.DnsPlugin;
import org.vmpooler.dns.VmAddress;

/** What the RFC 2136 plugin does beyond the contract, against a real BIND: PTR records, keys, servers, secrets. */
class Rfc2136PluginTest {
    private static final String DOMAIN = "vmpooler.test";

    private static BindServer bind;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBind() throws Exception {
        bind = BindServer.start(DOMAIN, "10.in-addr.arpa");
    }

    @AfterAll
    static void stopBind() throws Exception {
        bind.close();
    }

    @Test
    void thePtrRecordFollowsTheAddressAndGoesWithTheRecord() {
        DnsPlugin plugin = plugin(Map.of());
        VmAddress vm = VmAddress.of("ptr-vm", DOMAIN, "10.7.0.1");
        plugin.createOrReplaceRecord(vm);
        assertThat(bind.ptr("10.7.0.1")).containsExactly("ptr-vm.vmpooler.test");

        plugin.createOrReplaceRecord(VmAddress.of("ptr-other", DOMAIN, "10.7.0.1"));
        assertThat(bind.ptr("10.7.0.1")).as("replaced, not added").containsExactly("ptr-other.vmpooler.test");

        plugin.deleteRecord(vm);
        assertThat(bind.ptr("10.7.0.1")).as("the PTR now names another VM: not ours to delete")
                .containsExactly("ptr-other.vmpooler.test");
        plugin.deleteRecord(VmAddress.of("ptr-other", DOMAIN, "10.7.0.1"));
        assertThat(bind.ptr("10.7.0.1")).isEmpty();
        assertThat(bind.addresses("ptr-other.vmpooler.test")).isEmpty();
    }

    @Test
    void anAddressOutsideTheReverseZoneGetsOnlyItsARecord() {
        plugin(Map.of()).createOrReplaceRecord(VmAddress.of("outside", DOMAIN, "192.0.2.9"));
        assertThat(bind.addresses("outside.vmpooler.test")).containsExactly("192.0.2.9");
        assertThat(bind.ptrRecords()).doesNotContainValue("outside.vmpooler.test");
    }

    @Test
    void withoutAReverseZoneNoPtrIsMade() {
        Map<String, Object> settings = new LinkedHashMap<>(bind.pluginSettings());
        settings.remove("reverse_zone");
        Rfc2136Plugins.create("forward-only", DOMAIN, settings)
                .createOrReplaceRecord(VmAddress.of("forward-only", DOMAIN, "10.7.0.2"));
        assertThat(bind.addresses("forward-only.vmpooler.test")).containsExactly("10.7.0.2");
        assertThat(bind.ptr("10.7.0.2")).isEmpty();
    }

    @Test
    void aKeyTheServerDoesNotKnowIsReportedAsSuch() {
        DnsPlugin plugin = plugin(Map.of("tsig_key_name", "no-such-key"));
        assertThatThrownBy(() -> plugin.createOrReplaceRecord(VmAddress.of("badkey", DOMAIN, "10.7.0.3")))
                .isInstanceOf(DnsException.class)
                .hasMessageContainingAll("zone vmpooler.test.", "key no-such-key (hmac-sha256)", "TSIG BADKEY",
                        "does not know");
        assertThat(bind.addresses("badkey.vmpooler.test")).isEmpty();
    }

    @Test
    void aKeyTheUpdatePolicyDoesNotGrantIsRefused() {
        DnsPlugin plugin = plugin(Map.of("tsig_key_name", BindServer.UNGRANTED_KEY_NAME,
                "tsig_secret", bind.secret(BindServer.UNGRANTED_KEY_NAME)));
        assertThatThrownBy(() -> plugin.createOrReplaceRecord(VmAddress.of("ungranted", DOMAIN, "10.7.0.4")))
                .isInstanceOf(DnsException.class)
                .hasMessageContainingAll("REFUSED", "update-policy", "key ungranted-key", "zone vmpooler.test.");
    }

    @Test
    void hmacSha512KeysWork() {
        plugin(Map.of("tsig_key_name", BindServer.SHA512_KEY_NAME, "tsig_algorithm", "hmac-sha512",
                "tsig_secret", bind.secret(BindServer.SHA512_KEY_NAME)))
                .createOrReplaceRecord(VmAddress.of("sha512", DOMAIN, "10.7.0.5"));
        assertThat(bind.addresses("sha512.vmpooler.test")).containsExactly("10.7.0.5");
    }

    @Test
    void theSecretCanComeFromTheKeyFileTsigKeygenWrote() throws IOException {
        Path keyFile = dir.resolve("vmpooler.key");
        Files.writeString(keyFile, bind.keyClause(BindServer.KEY_NAME));
        Map<String, Object> settings = new LinkedHashMap<>(bind.pluginSettings());
        settings.remove("tsig_secret");
        settings.put("tsig_secret_file", keyFile.toString());
        Rfc2136Plugins.create("from-file", DOMAIN, settings)
                .createOrReplaceRecord(VmAddress.of("from-file", DOMAIN, "10.7.0.6"));
        assertThat(bind.addresses("from-file.vmpooler.test")).containsExactly("10.7.0.6");
    }

    @Test
    void aServerThatDoesNotAnswerFailsWithinTheDeadlineNamingIt() throws IOException {
        int dead = unusedPort();
        DnsPlugin plugin = plugin(Map.of("server", "127.0.0.1:" + dead));
        assertThatThrownBy(() -> plugin.createOrReplaceRecord(VmAddress.of("nobody", DOMAIN, "10.7.0.7")))
                .isInstanceOf(DnsException.class)
                .hasMessageContainingAll("no DNS server took the update", "127.0.0.1:" + dead, "within 2s",
                        "zone vmpooler.test.", "nobody.vmpooler.test.");
    }

    @Test
    void updatesFailOverToTheNextServer() throws IOException {
        DnsPlugin plugin = plugin(Map.of("server", List.of("127.0.0.1:" + unusedPort(), "127.0.0.1:" + bind.port())));
        plugin.createOrReplaceRecord(VmAddress.of("failover", DOMAIN, "10.7.0.8"));
        assertThat(bind.addresses("failover.vmpooler.test")).containsExactly("10.7.0.8");
    }

    @Test
    void tcpSendsUpdatesOverTcp() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            AtomicInteger connections = new AtomicInteger();
            Thread acceptor = Thread.ofVirtual().start(() -> {
                while (!listener.isClosed()) {
                    try (Socket socket = listener.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            List<String> servers = List.of("127.0.0.1:" + listener.getLocalPort(), "127.0.0.1:" + bind.port());
            plugin(Map.of("server", servers)).createOrReplaceRecord(VmAddress.of("udp", DOMAIN, "10.7.0.9"));
            assertThat(connections).as("UDP by default").hasValue(0);

            plugin(Map.of("server", servers, "tcp", true)).createOrReplaceRecord(VmAddress.of("tcp", DOMAIN,
                    "10.7.0.10"));
            assertThat(connections).hasValueGreaterThan(0);
            assertThat(bind.addresses("tcp.vmpooler.test")).containsExactly("10.7.0.10");
            listener.close();
            acceptor.join();
        }
    }

    @Test
    void aNameOutsideTheZoneIsAClearError() {
        DnsPlugin plugin = plugin(Map.of());
        assertThatThrownBy(() -> plugin.createOrReplaceRecord(VmAddress.of("stray", "example.com", "10.7.0.11")))
                .isInstanceOf(DnsException.class).hasMessageContaining("stray.example.com. is not in zone "
                        + "vmpooler.test.");
    }

    @Test
    void settingsAreCheckedAtStart() {
        assertThatThrownBy(() -> plugin(Map.of("server", List.of()))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("server is required");
        assertThatThrownBy(() -> plugin(Map.of("zone", "other.test"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("the zone holding the domain vmpooler.test.");
        assertThatThrownBy(() -> plugin(Map.of("tsig_algorithm", "hmac-md4"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("hmac-sha512");
        assertThatThrownBy(() -> plugin(Map.of("server", "127.0.0.1:99999"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("1 to 65535");
        assertThatThrownBy(() -> plugin(Map.of("tsig_secret_file", "/nonexistent"))).isInstanceOf(
                ConfigException.class).hasMessageContaining("exactly one of tsig_secret and tsig_secret_file");
    }

    @Test
    void theSecretIsNeverShown() {
        String notBase64 = "s3cr3t!not*base64";
        assertThatThrownBy(() -> plugin(Map.of("tsig_secret", notBase64))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("not base64").message().doesNotContain(notBase64);
        Map<String, Object> settings = bind.pluginSettings();
        assertThat(Rfc2136Settings.of(new org.vmpooler.config.DnsConfig("shown", "rfc2136", DOMAIN,
                new org.vmpooler.config.Settings(settings, ":dns_configs: > :shown:", "test"))).toString())
                .contains(BindServer.KEY_NAME).doesNotContain(bind.secret(BindServer.KEY_NAME));
        Map<String, Object> redacted = ConfigRedactor.redact(Map.of("dns_configs", Map.of("bind", Map.of(
                "tsig_secret", bind.secret(BindServer.KEY_NAME), "tsig_secret_file", "/etc/vmpooler/tsig.key",
                "tsig_key_name", BindServer.KEY_NAME))));
        assertThat(redacted.toString()).doesNotContain(bind.secret(BindServer.KEY_NAME))
                .doesNotContain("/etc/vmpooler/tsig.key").contains(BindServer.KEY_NAME);
    }

    private static DnsPlugin plugin(Map<String, ?> overrides) {
        Map<String, Object> settings = new LinkedHashMap<>(bind.pluginSettings());
        settings.putAll(overrides);
        return Rfc2136Plugins.create("bind", DOMAIN, settings);
    }

    private static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
