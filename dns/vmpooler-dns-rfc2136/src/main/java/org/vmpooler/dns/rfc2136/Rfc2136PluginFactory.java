package org.vmpooler.dns.rfc2136;

import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.config.DnsConfig;
import org.vmpooler.dns.DnsPlugin;
import org.vmpooler.dns.DnsPluginContext;
import org.vmpooler.dns.DnsPluginFactory;

/** {@code dns_class: rfc2136}: records kept by signed dynamic updates (BIND, PowerDNS, Knot, Windows DNS). */
public final class Rfc2136PluginFactory implements DnsPluginFactory {
    private static final Logger LOG = LoggerFactory.getLogger(Rfc2136PluginFactory.class);

    @Override
    public String dnsClass() {
        return "rfc2136";
    }

    @Override
    public Set<String> settingKeys() {
        return Rfc2136Settings.KEYS;
    }

    @Override
    public void checkSettings(DnsConfig dns) {
        Rfc2136Settings.of(dns);
    }

    @Override
    public DnsPlugin create(DnsPluginContext context) {
        Rfc2136Settings settings = Rfc2136Settings.of(context.dns());
        LOG.info("DNS config {}: RFC 2136 updates of zone {} at {} with {}{}", settings.config(), settings.zone(),
                settings.servers(), settings.key().map(TsigKey::toString).orElse("no TSIG key"),
                settings.reverseZone().map(r -> ", PTR records in " + r).orElse(""));
        return new Rfc2136Plugin(settings);
    }
}
