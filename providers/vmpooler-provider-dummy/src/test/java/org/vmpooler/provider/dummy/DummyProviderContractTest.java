package org.vmpooler.provider.dummy;

import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.provider.CreateRequest;
import org.vmpooler.provider.PluginConfigs;
import org.vmpooler.provider.Provider;
import org.vmpooler.provider.ProviderContext;
import org.vmpooler.provider.VmLabels;
import org.vmpooler.provider.testkit.ProviderContract;

/** The dummy provider passes the conformance kit; its clones take a second, so one can be cut short. */
class DummyProviderContractTest extends ProviderContract {

    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private DummyProvider dummy;

    @BeforeEach
    void start() {
        VmpoolerConfig config = PluginConfigs.builder().provider("dummy", "dummy", Map.of("createvm_max_time", 1,
                        "connection_pool_size", 32))
                .pool("debian", "dummy").pool("ubuntu", "dummy").build();
        dummy = new DummyProvider(new ProviderContext(config.providers().get("dummy"), config, Metrics.none(),
                Clock.systemUTC()), new SplittableRandom(7));
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Override
    protected Provider provider() {
        return dummy;
    }

    @Override
    protected CreateRequest request(String pool, String vm, VmLabels labels) {
        return plainRequest(pool, vm, "templates/" + pool, labels);
    }

    @Override
    protected CreateRequest impossibleRequest(String vm) {
        return request("not-served", vm, VmLabels.NONE);
    }

    /** A clone interrupted mid-way stays in the dummy's inventory as still cloning, as a dead manager leaves it. */
    @Override
    protected void leaveHalfCreated(CreateRequest request) {
        Future<?> clone = threads.submit(() -> dummy.createVm(request));
        await().atMost(Duration.ofSeconds(5)).until(() -> dummy.vmsInPool(request.pool()).contains(request.vm()));
        clone.cancel(true);
    }
}
