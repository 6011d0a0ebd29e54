package org.vmpooler.dns.rfc2136;

import java.util.Map;

import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.dns.DnsPlugin;
import org.vmpooler.dns.DnsPluginContext;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.provider.PluginConfigs;

/** Builds {@code dns_class: rfc2136} plugins the way the manager does: from a config entry, through the factory. */
final class Rfc2136Plugins {
    private Rfc2136Plugins() {
    }

    static DnsPlugin create(String name, String domain, Map<String, ?> settings) {
        VmpoolerConfig config = PluginConfigs.builder().dns(name, "rfc2136", domain, settings).build();
        return new Rfc2136PluginFactory().create(new DnsPluginContext(config.dnsConfigs().get(name), config,
                Metrics.none()));
    }
}
