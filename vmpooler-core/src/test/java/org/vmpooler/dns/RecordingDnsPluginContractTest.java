package org.vmpooler.dns;

import java.util.List;
import java.util.Set;

import org.vmpooler.dns.RecordingDnsPluginFactory.RecordingDnsPlugin;

/** The in-memory test plugin held to the DNS plugin contract, so manager tests rely on real plugin behaviour. */
class RecordingDnsPluginContractTest extends DnsPluginContract {

    private final RecordingDnsPlugin plugin = new RecordingDnsPlugin("recording", "example.com");

    @Override
    protected DnsPlugin plugin() {
        return plugin;
    }

    @Override
    protected String domain() {
        return "example.com";
    }

    @Override
    protected Set<String> addresses(String fqdn) {
        String ip = plugin.records().get(fqdn);
        return ip == null ? Set.of() : Set.of(ip);
    }

    @Override
    protected void setElsewhere(String fqdn, String ip) {
        plugin.records().put(fqdn, ip);
    }

    @Override
    protected DnsPlugin refusedPlugin() {
        return plugin.refused();
    }

    @Override
    protected List<String> refusalMentions() {
        return List.of("zone example.com");
    }
}
