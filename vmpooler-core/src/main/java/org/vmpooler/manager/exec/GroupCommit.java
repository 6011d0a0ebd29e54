package org.vmpooler.manager.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A store write that many threads make one item at a time, sent in batches: an item that arrives while a batch is
 * on its way waits for it to come back and then goes out with every other item that arrived meanwhile, sent by one
 * of their callers. A lone item is written at once, as it would be alone; under load, N items written at the same
 * moment cost a few round trips instead of N. Each caller returns once its own item is written, or throws what the
 * write of its batch threw.
 */
public final class GroupCommit<T> {

    private final Consumer<List<T>> write;
    private List<Waiter<T>> waiting = new ArrayList<>();
    private boolean sending;

    /** {@code write} writes a batch of items in one step, or throws. */
    public GroupCommit(Consumer<List<T>> write) {
        this.write = write;
    }

    public void write(T item) {
        Waiter<T> mine = new Waiter<>(item);
        boolean lead;
        synchronized (this) {
            waiting.add(mine);
            lead = !sending;
            sending = true;
        }
        if (lead || mine.awaitTurn()) {
            send();
        }
        mine.rethrow();
    }

    /** Writes every item waiting, then hands the next batch to the first of its callers. */
    private void send() {
        List<Waiter<T>> batch;
        synchronized (this) {
            batch = waiting;
            waiting = new ArrayList<>();
        }
        RuntimeException failure = new IllegalStateException("the batch write did not finish");
        try {
            write.accept(batch.stream().map(Waiter::item).toList());
            failure = null;
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            for (Waiter<T> waiter : batch) {
                waiter.written(failure);
            }
            synchronized (this) {
                if (waiting.isEmpty()) {
                    sending = false;
                } else {
                    waiting.getFirst().lead();
                }
            }
        }
    }

    private static final class Waiter<T> {
        private static final Object LEAD = new Object();
        private static final Object WRITTEN = new Object();

        private final T item;
        private final CompletableFuture<Object> signal = new CompletableFuture<>();
        private RuntimeException failure;

        Waiter(T item) {
            this.item = item;
        }

        T item() {
            return item;
        }

        /** Whether this caller is to send the next batch (otherwise its item was written by another). */
        boolean awaitTurn() {
            return signal.join() == LEAD;
        }

        void lead() {
            signal.complete(LEAD);
        }

        /** Set before the signal completes, so that the waiting caller sees it. */
        void written(RuntimeException failure) {
            this.failure = failure;
            signal.complete(WRITTEN);
        }

        void rethrow() {
            if (failure != null) {
                throw failure;
            }
        }
    }
}
