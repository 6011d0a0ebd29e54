package org.vmpooler.api.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.vmpooler.api.ApiServer;
import org.vmpooler.api.support.ApiTestBase;
import org.vmpooler.api.support.Response;
import org.vmpooler.api.support.TestConfig;
import org.vmpooler.domain.VmState;
import org.vmpooler.store.Store;

/** Several API processes on one store, many clients at once: every VM goes to exactly one client. */
public abstract class ConcurrentCheckoutHttpTest extends ApiTestBase {
    private static final int VMS = 20;
    private static final int CLIENTS = 2 * VMS;

    /** Another store connection on the same data, as a second API process would have. */
    protected abstract Store sameDataAgain();

    @Test
    void twoServersNeverHandOutOneVmTwice() throws Exception {
        start(new TestConfig().pool("pool1", VMS));
        for (int i = 0; i < VMS; i++) {
            ready("pool1", "vm-" + i);
        }
        Store secondStore = closeAfterwards(sameDataAgain());
        ApiServer second = closeAfterwards(new ApiServer(config, secondStore, metrics, clock).start());

        List<Response> responses = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                ApiServer target = i % 2 == 0 ? server() : second;
                futures.add(clients.submit(() -> sendTo(target, "POST", "/api/v3/vm/pool1", "",
                        Map.of("Content-Type", "application/x-www-form-urlencoded"))));
            }
            for (Future<Response> future : futures) {
                responses.add(future.get());
            }
        }

        List<String> handedOut = responses.stream().filter(r -> r.status() == 200)
                .map(r -> r.json().get("pool1").get("hostname").asText()).toList();
        assertThat(handedOut).hasSize(VMS).doesNotHaveDuplicates();
        assertThat(responses).filteredOn(r -> r.status() != 200).hasSize(CLIENTS - VMS)
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(503));
        assertThat(store.vms("pool1", VmState.RUNNING)).hasSize(VMS);
        assertThat(store.vms("pool1", VmState.READY)).isEmpty();
    }
}
