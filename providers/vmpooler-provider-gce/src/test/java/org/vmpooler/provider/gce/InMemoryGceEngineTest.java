package org.vmpooler.provider.gce;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.vmpooler.config.CircuitBreakerSettings;
import org.vmpooler.config.ProviderConfig;
import org.vmpooler.config.ReadyCheck;
import org.vmpooler.config.Settings;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.provider.CreateRequest;
import org.vmpooler.provider.Provider;
import org.vmpooler.provider.ProviderContext;
import org.vmpooler.provider.Readiness;
import org.vmpooler.provider.VmInfo;
import org.vmpooler.provider.testkit.ProviderEngineContract;
import org.vmpooler.store.InMemoryStore;
import org.vmpooler.store.Store;
import org.vmpooler.testing.MutableClock;

/**
 * The GCE provider driven by the engine on the in-memory store, against the Compute Engine fake. The fake's
 * addresses are not real machines, so the pool takes the provider's word for readiness ({@code ready_check: none})
 * instead of connecting to them.
 */
class InMemoryGceEngineTest extends ProviderEngineContract {
    private static GceFixture gce;

    @BeforeAll
    static void start() throws Exception {
        gce = new GceFixture();
    }

    @AfterAll
    static void stop() {
        gce.close();
    }

    @Override
    protected Store newStore(MutableClock clock) {
        return new InMemoryStore(clock);
    }

    @Override
    protected Provider provider(VmpoolerConfig config) {
        ProviderConfig scripted = new ProviderConfig("scripted", "gce", false, List.of(), false,
                CircuitBreakerSettings.DEFAULT, new Settings(gce.settings(Map.of()),
                ":providers: > :scripted:", "test"));
        return new UnreachableVms(new GceProviderFactory().create(new ProviderContext(scripted, config,
                Metrics.none(), Clock.systemUTC())));
    }

    /** The provider as it is, but its VMs are not checked over TCP. */
    private record UnreachableVms(Provider gce) implements Provider {
        @Override
        public String name() {
            return gce.name();
        }

        @Override
        public List<String> vmsInPool(String pool) {
            return gce.vmsInPool(pool);
        }

        @Override
        public Optional<VmInfo> getVm(String pool, String vm) {
            return gce.getVm(pool, vm);
        }

        @Override
        public VmInfo createVm(CreateRequest request) {
            return gce.createVm(request);
        }

        @Override
        public Optional<String> vmIpAddress(String pool, String vm) {
            return gce.vmIpAddress(pool, vm);
        }

        @Override
        public Readiness vmReady(String pool, String vm) {
            return gce.vmReady(pool, vm);
        }

        @Override
        public ReadyCheck defaultReadyCheck() {
            return ReadyCheck.NONE;
        }

        @Override
        public boolean destroyVm(String pool, String vm) {
            return gce.destroyVm(pool, vm);
        }

        @Override
        public <T> Optional<T> capability(Class<T> contract) {
            return gce.capability(contract);
        }
    }
}
