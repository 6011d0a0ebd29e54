package org.vmpooler.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class CallDeadlineTest {
    private static final Duration SHORT = Duration.ofMillis(100);
    private static final Duration LONG = Duration.ofHours(1);

    @Test
    void aCallThatOutlivesItsDeadlineIsAbandonedAndInterrupted() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);

        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(() ->
                CallDeadline.call("vsphere", "create_vm", SHORT, () -> hang(interrupted)))
                .isInstanceOf(ProviderTimeoutException.class)
                .hasMessageContaining("vsphere").hasMessageContaining("create_vm"));

        assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("the abandoned call was interrupted").isTrue();
    }

    @Test
    void callsThatEndInTimeLeaveNoDeadlineBehind() {
        for (int i = 0; i < 1_000; i++) {
            int n = i;
            assertThat(CallDeadline.call("dummy", "get_vm", LONG, () -> n)).isEqualTo(n);
        }

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> CallDeadline.watching() == 0);
    }

    @Test
    void theProvidersOwnFailureReachesTheCallerAsItWas() {
        ProviderException refused = new ProviderException("datastore full", false, null);

        assertThatThrownBy(() -> CallDeadline.call("dummy", "create_vm", LONG, () -> {
            throw refused;
        })).isSameAs(refused);
        assertThatThrownBy(() -> CallDeadline.call("dummy", "create_vm", LONG, () -> {
            throw new StackOverflowError("deep");
        })).isInstanceOf(StackOverflowError.class);
    }

    @Test
    void aShortDeadlineFiresWhileLongerOnesAreWatchedAndAfterAQuietSpell() throws Exception {
        List<Future<?>> longCalls = new ArrayList<>();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 3; i++) {
                longCalls.add(callers.submit(() -> CallDeadline.call("slow", "destroy_vm", LONG,
                        () -> hang(new CountDownLatch(1)))));
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> CallDeadline.watching() >= 3);

            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(() ->
                    CallDeadline.call("slow", "get_vm", SHORT, () -> hang(new CountDownLatch(1))))
                    .isInstanceOf(ProviderTimeoutException.class));

            longCalls.forEach(call -> call.cancel(true));
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> CallDeadline.watching() == 0);
        Thread.sleep(DeadlineWatch.LATEST.toMillis() * 4);

        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(() ->
                CallDeadline.call("slow", "get_vm", SHORT, () -> hang(new CountDownLatch(1))))
                .as("the watch, idle with nothing to watch, wakes for a new deadline")
                .isInstanceOf(ProviderTimeoutException.class));
    }

    /** A provider call that never returns until interrupted. */
    private static Object hang(CountDownLatch interrupted) {
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            interrupted.countDown();
        }
        return null;
    }
}
