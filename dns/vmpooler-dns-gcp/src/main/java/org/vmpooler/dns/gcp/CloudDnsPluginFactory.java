package org.vmpooler.dns.gcp;

import java.time.Clock;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.config.DnsConfig;
import org.vmpooler.dns.DnsPlugin;
import org.vmpooler.dns.DnsPluginContext;
import org.vmpooler.dns.DnsPluginFactory;
import org.vmpooler.gcp.AccessTokens;
import org.vmpooler.gcp.GoogleRest;

/** {@code dns_class: gcp}: records in a Google Cloud DNS managed zone. */
public final class CloudDnsPluginFactory implements DnsPluginFactory {
    private static final Logger LOG = LoggerFactory.getLogger(CloudDnsPluginFactory.class);

    @Override
    public String dnsClass() {
        return "gcp";
    }

    @Override
    public Set<String> settingKeys() {
        return CloudDnsSettings.KEYS;
    }

    @Override
    public void checkSettings(DnsConfig dns) {
        CloudDnsSettings.of(dns);
    }

    @Override
    public DnsPlugin create(DnsPluginContext context) {
        CloudDnsSettings settings = CloudDnsSettings.of(context.dns());
        AccessTokens tokens = AccessTokens.load(settings.api().credentialsFile(), "DNS config " + settings.config());
        LOG.info("DNS config {}: Cloud DNS managed zone {} of project {} at {} as {}, records in {} (TTL {}s)",
                settings.config(), settings.zoneName(), settings.project(), settings.api().endpoint(), tokens,
                settings.domain(), settings.ttl());
        return new CloudDnsPlugin(settings, new GoogleRest(settings.api(), tokens), Clock.systemUTC());
    }
}
