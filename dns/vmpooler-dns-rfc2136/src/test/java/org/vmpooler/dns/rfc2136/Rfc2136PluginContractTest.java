package org.vmpooler.dns.rfc2136;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.vmpooler.dns.DnsPlugin;
import org.vmpooler.dns.DnsPluginContract;

/** The RFC 2136 plugin held to the DNS plugin contract against a real BIND. */
class Rfc2136PluginContractTest extends DnsPluginContract {

    private static BindServer bind;
    private static DnsPlugin plugin;
    private static DnsPlugin refused;

    @BeforeAll
    static void startBind() throws Exception {
        bind = BindServer.start("vmpooler.test", "10.in-addr.arpa");
        plugin = Rfc2136Plugins.create("contract", "vmpooler.test", bind.pluginSettings());
        Map<String, Object> wrongSecret = new LinkedHashMap<>(bind.pluginSettings());
        wrongSecret.put("tsig_secret", Base64.getEncoder().encodeToString(new byte[32]));
        refused = Rfc2136Plugins.create("contract", "vmpooler.test", wrongSecret);
    }

    @AfterAll
    static void stopBind() throws Exception {
        bind.close();
    }

    @Override
    protected DnsPlugin plugin() {
        return plugin;
    }

    @Override
    protected String domain() {
        return "vmpooler.test";
    }

    @Override
    protected Set<String> addresses(String fqdn) {
        return bind.addresses(fqdn);
    }

    @Override
    protected void setElsewhere(String fqdn, String ip) {
        bind.setElsewhere(fqdn, ip);
    }

    @Override
    protected DnsPlugin refusedPlugin() {
        return refused;
    }

    @Override
    protected List<String> refusalMentions() {
        return List.of("zone vmpooler.test.", "key " + BindServer.KEY_NAME, "BADSIG", "127.0.0.1:" + bind.port());
    }
}
