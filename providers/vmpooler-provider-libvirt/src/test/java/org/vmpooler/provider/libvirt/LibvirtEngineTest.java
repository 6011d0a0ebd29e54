package org.vmpooler.provider.libvirt;

import java.time.Clock;
import java.util.Map;

import org.vmpooler.config.Settings;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.provider.Provider;
import org.vmpooler.provider.ProviderContext;
import org.vmpooler.provider.testkit.ProviderEngineContract;
import org.vmpooler.store.InMemoryStore;
import org.vmpooler.store.Store;
import org.vmpooler.testing.MutableClock;

/** A real pool manager fills, hands out and refills a pool of test-driver domains on a host of its own, leaking none. */
class LibvirtEngineTest extends ProviderEngineContract {

    @Override
    protected Store newStore(MutableClock clock) {
        return new InMemoryStore(clock);
    }

    @Override
    protected Provider provider(VmpoolerConfig config) {
        LibvirtSettings settings = LibvirtSettings.from(new Settings(Map.of("uri",
                TestDriver.fixture("host-large.xml"),
                "domain_type", "test", "storage_pool", "templates", "memory_overcommit", 8), ":providers: > scripted", "test"));
        return new LibvirtProvider(new ProviderContext(config.providers().get("scripted"), config, Metrics.none(),
                Clock.systemUTC()), settings);
    }
}
