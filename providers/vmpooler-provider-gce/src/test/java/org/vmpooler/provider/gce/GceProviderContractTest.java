package org.vmpooler.provider.gce;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.vmpooler.config.Settings;
import org.vmpooler.provider.CreateRequest;
import org.vmpooler.provider.Provider;
import org.vmpooler.provider.VmLabels;
import org.vmpooler.provider.testkit.ProviderContract;

/**
 * The GCE provider passes the conformance kit against the stateful Compute Engine fake, listing in pages of five so
 * that the 32 concurrent creates span several pages.
 */
class GceProviderContractTest extends ProviderContract {
    private static GceFixture gce;
    private static GceProvider provider;

    @BeforeAll
    static void start() throws Exception {
        gce = new GceFixture();
        gce.fake.compute().pageSize(5);
        provider = gce.provider(Map.of());
    }

    @AfterAll
    static void stop() {
        gce.close();
    }

    @Override
    protected Provider provider() {
        return provider;
    }

    @Override
    protected CreateRequest request(String pool, String vm, VmLabels labels) {
        return plainRequest(pool, vm, GceFixture.IMAGE, labels);
    }

    @Override
    protected CreateRequest impossibleRequest(String vm) {
        return new CreateRequest("debian", vm, "projects/debian-cloud/global/images/no-such-image", Optional.empty(),
                Settings.empty(":pools: > debian"), VmLabels.NONE);
    }

    /** The insert is accepted but its operation never finishes, and its caller is given up, as the engine does. */
    @Override
    protected void leaveHalfCreated(CreateRequest request) {
        gce.fake.compute().holdOperations(true);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> create = threads.submit(() -> provider.createVm(request));
            await().atMost(Duration.ofSeconds(10)).until(() -> provider.vmsInPool(request.pool()).contains(request.vm()));
            create.cancel(true);
        } finally {
            gce.fake.compute().holdOperations(false);
        }
    }
}
