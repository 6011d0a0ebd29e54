package org.vmpooler.provider.ec2;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.vmpooler.config.ProviderConfig;
import org.vmpooler.config.ReadyCheck;
import org.vmpooler.config.Settings;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.provider.CreateRequest;
import org.vmpooler.provider.Provider;
import org.vmpooler.provider.Readiness;
import org.vmpooler.provider.VmInfo;
import org.vmpooler.provider.testkit.ProviderEngineContract;
import org.vmpooler.store.InMemoryStore;
import org.vmpooler.store.Store;
import org.vmpooler.testing.MutableClock;

/** The EC2 provider driven by the engine (registry, breaker, deadlines) on the in-memory store, against the fake. */
class Ec2EngineTest extends ProviderEngineContract {

    private static FakeEc2 fake;

    @BeforeAll
    static void start() throws Exception {
        // The harness runs a fixed number of manager passes: instances must be running by the next one.
        fake = FakeEc2.start().settleTime(java.time.Duration.ZERO);
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @Override
    protected Store newStore(MutableClock clock) {
        return new InMemoryStore(clock);
    }

    /** The kit's instance {@code scripted} as an EC2 instance on the fake. */
    @Override
    protected Provider provider(VmpoolerConfig config) {
        ProviderConfig scripted = config.providers().get("scripted");
        ProviderConfig ec2 = new ProviderConfig(scripted.name(), "ec2", scripted.purgeUnconfiguredResources(),
                scripted.resourcesAllowlist(), scripted.skipDnsCheckBeforeCreatingVm(), scripted.circuitBreaker(),
                new Settings(Ec2Fixtures.providerSettings(fake), ":providers: > scripted", "test"));
        return new FakeAmiTemplates(Ec2Fixtures.provider(ec2, config));
    }

    /**
     * The kit's pools name templates such as {@code templates/centos}, which are no AMI: launch the fake's AMI
     * instead. Its instances' addresses are not reachable, so the engine takes EC2's word that they run.
     */
    private record FakeAmiTemplates(Provider ec2) implements Provider {
        @Override
        public String name() {
            return ec2.name();
        }

        @Override
        public List<String> vmsInPool(String pool) {
            return ec2.vmsInPool(pool);
        }

        @Override
        public Optional<VmInfo> getVm(String pool, String vm) {
            return ec2.getVm(pool, vm);
        }

        @Override
        public VmInfo createVm(CreateRequest r) {
            return ec2.createVm(new CreateRequest(r.pool(), r.vm(), Ec2Fixtures.AMI, r.cloneTarget(),
                    r.poolSettings(), r.labels()));
        }

        @Override
        public Optional<String> vmIpAddress(String pool, String vm) {
            return ec2.vmIpAddress(pool, vm);
        }

        @Override
        public Readiness vmReady(String pool, String vm) {
            return ec2.vmReady(pool, vm);
        }

        @Override
        public ReadyCheck defaultReadyCheck() {
            return ReadyCheck.NONE;
        }

        @Override
        public boolean destroyVm(String pool, String vm) {
            return ec2.destroyVm(pool, vm);
        }
    }
}
