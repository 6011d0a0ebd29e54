package org.vmpooler.provider.ec2;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.vmpooler.config.Settings;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.provider.CreateRequest;
import org.vmpooler.provider.PluginConfigs;
import org.vmpooler.provider.Provider;
import org.vmpooler.provider.VmLabels;
import org.vmpooler.provider.testkit.ProviderContract;

/** The EC2 provider passes the conformance kit against the fake EC2. */
class Ec2ProviderContractTest extends ProviderContract {

    private static FakeEc2 fake;
    private static Ec2Provider provider;

    @BeforeAll
    static void start() throws Exception {
        fake = FakeEc2.start();
        VmpoolerConfig config = PluginConfigs.builder().provider("ec2", "ec2", Ec2Fixtures.providerSettings(fake))
                .pool("debian", "ec2").pool("ubuntu", "ec2").build();
        provider = Ec2Fixtures.provider(config, "ec2");
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @Override
    protected Provider provider() {
        return provider;
    }

    @Override
    protected CreateRequest request(String pool, String vm, VmLabels labels) {
        return plainRequest(pool, vm, Ec2Fixtures.AMI, labels);
    }

    @Override
    protected CreateRequest impossibleRequest(String vm) {
        return new CreateRequest("debian", vm, "ami-0does0not0exist", Optional.empty(),
                Settings.empty(":pools: > debian"), VmLabels.NONE);
    }

    /** A launch whose caller died: EC2 has the tagged instance, still pending, and nobody heard of it. */
    @Override
    protected void leaveHalfCreated(CreateRequest request) {
        Map<String, String> tags = new LinkedHashMap<>(request.labels().values());
        tags.put(InstanceTags.PROVIDER, "ec2");
        fake.launchLeftPending(tags);
    }
}
