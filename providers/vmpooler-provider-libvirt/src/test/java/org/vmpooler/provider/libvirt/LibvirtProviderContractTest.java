package org.vmpooler.provider.libvirt;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.libvirt.LibvirtException;
import org.vmpooler.config.Settings;
import org.vmpooler.provider.CreateRequest;
import org.vmpooler.provider.Provider;
import org.vmpooler.provider.VmLabels;
import org.vmpooler.provider.testkit.ProviderContract;

/** The libvirt provider passes the conformance kit on libvirt's in-process test driver. */
class LibvirtProviderContractTest extends ProviderContract {

    /** One for the class: the kit's own clean-up after each test still needs it open. */
    private static final LibvirtProvider provider = TestDriver.provider(Map.of(), "debian", "ubuntu");

    @AfterAll
    static void close() {
        provider.close();
    }

    @Override
    protected Provider provider() {
        return provider;
    }

    @Override
    protected CreateRequest request(String pool, String vm, VmLabels labels) {
        return new CreateRequest(pool, vm, "templates/" + pool, Optional.empty(),
                new Settings(Map.of("memory", 64), ":pools: > " + pool, "test"), labels);
    }

    @Override
    protected CreateRequest impossibleRequest(String vm) {
        return new CreateRequest("debian", vm, "templates/no-such-template", Optional.empty(),
                Settings.empty(":pools: > debian"), VmLabels.of(INSTANCE, "debian", vm, Optional.empty(),
                Optional.empty()));
    }

    /** The creator died after defining the labelled domain, before its volume existed: defined, never started. */
    @Override
    protected void leaveHalfCreated(CreateRequest request) {
        String xml = DomainTemplate.DEFAULT.render(Map.of("name", request.vm(), "pool", request.pool(), "memory", "64",
                "vcpus", "1", "domain_type", "test", "disk", "/templates/" + request.vm() + ".qcow2", "disk_dev",
                "vda", "disk_bus", "virtio", "network", "default"), DomainLabels.inDomainXml(request.labels()));
        try {
            TestDriver.connection().domainDefineXML(xml);
        } catch (LibvirtException e) {
            throw new IllegalStateException(e);
        }
    }
}
