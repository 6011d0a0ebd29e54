package org.vmpooler.dns;

import org.vmpooler.config.DnsConfig;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.metrics.Metrics;

/** What a DNS plugin instance is built from. */
public record DnsPluginContext(DnsConfig dns, VmpoolerConfig config, Metrics metrics) {
}
