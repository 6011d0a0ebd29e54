package org.vmpooler.config;

import static org.assertj.core.api.Assertions.assertThat;
import org.vmpooler.provider.CreateRequest;
import org.vmpooler.provider.VmLabels;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpooler.dns.DnsRegistry;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.provider.Provider;
import org.vmpooler.provider.ProviderRegistry;

/** The configuration used when none is given must drive the real plugins with nothing else installed. */
class EmbeddedDefaultRunsTest {

    @Test
    void everyPoolOfTheEmbeddedDefaultClonesThroughTheDummyProvider(@TempDir Path empty) {
        VmpoolerConfig config = new ConfigLoader().load(Map.of(), empty);
        ProviderRegistry providers = ProviderRegistry.load(config, Metrics.none(), Clock.systemUTC());
        DnsRegistry dns = DnsRegistry.load(config, Metrics.none());

        for (PoolConfig pool : config.pools()) {
            Provider provider = providers.forPool(pool.name());
            String vm = config.global().provisioning().prefix() + "test-" + pool.name();
            provider.createVm(CreateRequest.of(pool, vm, Optional.empty(), VmLabels.NONE));

            assertThat(provider.vmsInPool(pool.name())).contains(vm);
            assertThat(dns.forPool(pool.name())).as("dynamic-dns registers nothing").isEmpty();
            assertThat(config.domainFor(pool.name())).contains("example.com");
        }
    }
}
