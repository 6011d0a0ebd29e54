package org.vmpooler.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.vmpooler.api.support.ApiTestBase;
import org.vmpooler.api.support.ObservedStore;
import org.vmpooler.api.support.TestConfig;
import org.vmpooler.store.InMemoryStore;
import org.vmpooler.store.Store;

/** Which threads the API's requests run on: virtual threads on carriers of the API's own, or else platform threads. */
class RequestThreadsTest extends ApiTestBase {

    @Override
    protected Store newStore() {
        return new InMemoryStore(clock);
    }

    @Test
    void aRequestRunsOnAVirtualThreadCarriedByTheApisOwnCarriers() {
        AtomicReference<String> giveBackThread = new AtomicReference<>();
        start(new TestConfig().pool("debian", 1), new Random(42), store -> ObservedStore.of(store, method -> {
            if (method.startsWith("giveBack")) {
                // A mounted virtual thread names its carrier: the API's own, not one of the JDK's shared scheduler.
                giveBackThread.set(Thread.currentThread().isVirtual() + " " + Thread.currentThread());
            }
        }));
        ready("debian", "vm-one");
        assertThat(post("/api/v3/vm/debian").status()).isEqualTo(200);

        assertThat(delete("/api/v3/vm/vm-one").status()).isEqualTo(200);

        assertThat(giveBackThread.get()).startsWith("true VirtualThread[").contains(",api-request-")
                .contains("@api-carrier-");
    }

    @Test
    void aJvmThatDoesNotOpenTheSchedulerRunsRequestsOnPlatformThreads() throws Exception {
        try (RequestThreads threads = RequestThreads.create()) {
            assertThat(threads.virtual()).as("this JVM opens java.lang, as the server jar does").isTrue();
        }

        Process probe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Probe.class.getName())
                .redirectErrorStream(true).start();
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(probe.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(output).contains("virtual=false");
    }

    /** Creates the request threads in a JVM started without {@code --add-opens}, and says what it got. */
    static final class Probe {
        public static void main(String[] args) {
            try (RequestThreads threads = RequestThreads.create()) {
                System.out.println("virtual=" + threads.virtual());
            }
        }
    }
}
