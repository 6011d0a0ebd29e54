package org.vmpooler.provider;

import java.time.Clock;

import org.vmpooler.config.ProviderConfig;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.metrics.Metrics;

/** What a provider instance is built from: its own section, the whole configuration, metrics and the clock. */
public record ProviderContext(ProviderConfig provider, VmpoolerConfig config, Metrics metrics, Clock clock) {
}
