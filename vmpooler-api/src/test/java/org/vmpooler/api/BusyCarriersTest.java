package org.vmpooler.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.vmpooler.api.support.ApiTestBase;
import org.vmpooler.api.support.TestConfig;
import org.vmpooler.store.InMemoryStore;
import org.vmpooler.store.Store;

/**
 * The API beside work that keeps every carrier of the JDK's virtual-thread scheduler busy, as a manager pass in the
 * same process does while it checks, clones and destroys hundreds of VMs at once: requests run on virtual threads
 * with carriers of their own ({@code RequestThreads}) and are answered meanwhile. On the shared scheduler a request
 * waited until a carrier was free, and here none ever is.
 */
class BusyCarriersTest extends ApiTestBase {

    @Override
    protected Store newStore() {
        return new InMemoryStore(clock);
    }

    @Test
    void theApiAnswersWhileVirtualThreadsHoldEveryCarrier() throws Exception {
        start(new TestConfig().pool("debian", 1));
        ready("debian", "vm-one");
        int carriers = Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
                Runtime.getRuntime().availableProcessors());
        AtomicBoolean released = new AtomicBoolean();
        CountDownLatch spinning = new CountDownLatch(carriers);
        List<Thread> busy = new ArrayList<>();
        try {
            for (int i = 0; i < carriers; i++) {
                // A virtual thread that never parks keeps its carrier: the scheduler does not preempt it.
                busy.add(Thread.ofVirtual().start(() -> {
                    spinning.countDown();
                    while (!released.get()) {
                        Thread.onSpinWait();
                    }
                }));
            }
            assertThat(spinning.await(30, TimeUnit.SECONDS)).as("every carrier taken").isTrue();

            assertThat(get("/api/v3/status").status()).isEqualTo(200);
            assertThat(post("/api/v3/vm/debian").status()).isEqualTo(200);
            assertThat(delete("/api/v3/vm/vm-one").status()).isEqualTo(200);
            assertThat(spinning.getCount()).isZero();
            assertThat(busy).allMatch(Thread::isAlive);
        } finally {
            released.set(true);
            for (Thread thread : busy) {
                thread.join();
            }
        }
    }
}
