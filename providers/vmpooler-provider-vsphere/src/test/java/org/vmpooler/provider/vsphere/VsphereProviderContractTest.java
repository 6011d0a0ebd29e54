package org.vmpooler.provider.vsphere;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.provider.CreateRequest;
import org.vmpooler.provider.Provider;
import org.vmpooler.provider.VmLabels;
import org.vmpooler.provider.testkit.ProviderContract;

/**
 * The vSphere provider passes the conformance kit against govmomi's vCenter simulator. A half-created VM is a clone
 * whose caller was interrupted while it waited for VMware Tools to report the new VM's address.
 */
class VsphereProviderContractTest extends ProviderContract {
    private static Vcsim vcsim;
    private static VmpoolerConfig config;
    private static VsphereProvider provider;

    @BeforeAll
    static void startSimulator() throws Exception {
        vcsim = Vcsim.start();
        config = VsphereConfigs.twoPools(vcsim, "");
        provider = VsphereConfigs.provider(config, "vc");
    }

    @AfterAll
    static void stopSimulator() throws Exception {
        vcsim.close();
    }

    @Override
    protected Provider provider() {
        return provider;
    }

    @Override
    protected CreateRequest request(String pool, String vm, VmLabels labels) {
        return CreateRequest.of(config.pool(pool).orElseThrow(), vm, config.global().provisioning().cloneTarget(),
                labels);
    }

    @Override
    protected CreateRequest impossibleRequest(String vm) {
        CreateRequest request = request("debian", vm, VmLabels.NONE);
        return new CreateRequest(request.pool(), vm, "templates/no-such-template", request.cloneTarget(),
                request.poolSettings(), request.labels());
    }

    /** VMware Tools report the clone's address late, so the caller is cut off with the VM made but not ready. */
    @Override
    protected void leaveHalfCreated(CreateRequest request) {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            vcsim.toolsDelay(Duration.ofSeconds(5));
            Future<?> clone = threads.submit(() -> provider.createVm(request));
            await().atMost(Duration.ofSeconds(10)).until(() -> provider.vmsInPool(request.pool())
                    .contains(request.vm()));
            clone.cancel(true);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            try {
                vcsim.toolsDelay(Duration.ofMillis(100));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
