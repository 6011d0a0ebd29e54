package org.vmpooler.manager.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;

class BlockingCallsTest {

    @Test
    void aCallsResultOrFailureReachesTheCaller() throws Exception {
        try (BlockingCalls calls = new BlockingCalls("test", 2)) {
            assertThat(calls.call(() -> "answer", Duration.ofSeconds(30))).contains("answer");
            assertThatThrownBy(() -> calls.call(() -> {
                throw new IllegalStateException("resolver broke");
            }, Duration.ofSeconds(30))).isInstanceOf(ExecutionException.class).hasRootCauseMessage("resolver broke");
        }
    }

    @Test
    void callsThatMissTheirDeadlineAreAbandonedAndLeaveNothingQueued() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        try (BlockingCalls calls = new BlockingCalls("test", 1)) {
            for (int i = 0; i < 20; i++) {
                assertThat(calls.call(() -> {
                    never.await();
                    return "late";
                }, Duration.ofMillis(20))).isEmpty();
            }
            assertThat(calls.queued()).as("calls waiting behind a hung one").isZero();
        }
    }

    @Test
    void noCallRunsOnAVirtualThread() throws Exception {
        try (BlockingCalls calls = new BlockingCalls("test", 1)) {
            Boolean[] virtual = new Boolean[1];
            Thread caller = Thread.ofVirtual().start(() -> {
                try {
                    virtual[0] = calls.call(() -> Thread.currentThread().isVirtual(), Duration.ofSeconds(30))
                            .orElseThrow();
                } catch (ExecutionException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            caller.join();
            assertThat(virtual[0]).isFalse();
        }
    }
}
