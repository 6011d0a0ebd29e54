package org.vmpooler.manager.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class GroupCommitTest {

    private final List<List<Integer>> batches = new ArrayList<>();

    @Test
    void aLoneItemIsWrittenAtOnceAndAlone() {
        GroupCommit<Integer> commit = new GroupCommit<>(this::record);

        commit.write(1);
        commit.write(2);

        assertThat(batches).containsExactly(List.of(1), List.of(2));
    }

    @Test
    void itemsArrivingWhileABatchIsOnItsWayGoOutTogetherAndEachCallerReturnsOnceItsItemIsWritten()
            throws InterruptedException {
        CountDownLatch firstSent = new CountDownLatch(1);
        CountDownLatch storeAnswers = new CountDownLatch(1);
        GroupCommit<Integer> commit = new GroupCommit<>(items -> {
            if (items.contains(0)) {
                firstSent.countDown();
                await(storeAnswers);
            }
            record(items);
        });
        ConcurrentLinkedQueue<Integer> returned = new ConcurrentLinkedQueue<>();
        Thread first = Thread.ofVirtual().start(() -> {
            commit.write(0);
            returned.add(0);
        });
        await(firstSent);
        List<Thread> later = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            int item = i;
            later.add(Thread.ofVirtual().start(() -> {
                commit.write(item);
                returned.add(item);
            }));
        }
        while (later.stream().anyMatch(t -> t.getState() != Thread.State.WAITING)) {
            Thread.sleep(5);
        }
        assertThat(returned).as("nobody returns before the store answered").isEmpty();

        storeAnswers.countDown();
        first.join();
        for (Thread t : later) {
            t.join();
        }

        assertThat(batches).hasSize(2);
        assertThat(batches.get(0)).containsExactly(0);
        assertThat(batches.get(1)).containsExactlyInAnyOrderElementsOf(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
                13, 14, 15, 16, 17, 18, 19, 20));
        assertThat(returned).hasSize(21);
    }

    @Test
    void everyCallerOfAFailedBatchGetsItsFailureAndTheNextBatchStillGoesOut() {
        GroupCommit<Integer> commit = new GroupCommit<>(items -> {
            if (items.contains(13)) {
                throw new IllegalStateException("store down");
            }
            record(items);
        });

        assertThatThrownBy(() -> commit.write(13)).hasMessage("store down");
        commit.write(14);

        assertThat(batches).containsExactly(List.of(14));
    }

    private synchronized void record(List<Integer> items) {
        batches.add(List.copyOf(items));
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
