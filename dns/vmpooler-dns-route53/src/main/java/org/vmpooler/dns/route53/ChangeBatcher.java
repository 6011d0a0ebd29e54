package org.vmpooler.dns.route53;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

import org.vmpooler.dns.DnsException;
import software.amazon.awssdk.services.route53.model.Change;

/**
 * Gathers the record changes that arrive within {@code window} of each other into one change batch, so a pool
 * filling or draining at once costs a few Route 53 requests rather than one per VM (Route 53 allows five a
 * second per account). Batches are sent one after the other in the order they were opened, so two changes of
 * one name (which a batch may not hold together) apply in the order they were asked for. If a batch is refused,
 * its changes are sent one by one, so that one bad change fails only its own caller.
 */
final class ChangeBatcher {
    /** Route 53 takes up to 1,000 changes per request; fewer keep one refusal cheap to sort out. */
    static final int MAX_CHANGES = 100;

    private record Pending(Change change, CompletableFuture<Void> done) {
    }

    private static final class Batch {
        final List<Pending> items = new ArrayList<>();
        final Set<String> names = new HashSet<>();
        final CompletableFuture<Void> sent = new CompletableFuture<>();
    }

    private final Duration window;
    private final Consumer<List<Change>> send;
    private final Object lock = new Object();
    private Batch open;
    private CompletableFuture<Void> lastSent = CompletableFuture.completedFuture(null);

    ChangeBatcher(Duration window, Consumer<List<Change>> send) {
        this.window = window;
        this.send = send;
    }

    /** Applies the change together with whatever else arrives meanwhile; throws what Route 53 said about it. */
    void apply(Change change) {
        Pending pending = new Pending(change, new CompletableFuture<>());
        Batch batch;
        CompletableFuture<Void> before = null;
        synchronized (lock) {
            String name = change.resourceRecordSet().name();
            if (open == null || open.names.contains(name) || open.items.size() >= MAX_CHANGES) {
                open = new Batch();
                before = lastSent;
                lastSent = open.sent;
            }
            batch = open;
            batch.items.add(pending);
            batch.names.add(name);
        }
        if (before != null) {
            lead(batch, before);
        }
        try {
            pending.done().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** The caller that opened a batch waits out the window and the batch before it, then sends it. */
    private void lead(Batch batch, CompletableFuture<Void> before) {
        try {
            Thread.sleep(window);
            before.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (lock) {
                if (open == batch) {
                    open = null;
                }
            }
        }
        try {
            List<Pending> items;
            synchronized (lock) {
                items = List.copyOf(batch.items);
            }
            sendAll(items);
        } finally {
            batch.sent.complete(null);
        }
    }

    private void sendAll(List<Pending> items) {
        try {
            send.accept(items.stream().map(Pending::change).toList());
            items.forEach(p -> p.done().complete(null));
        } catch (DnsException e) {
            if (items.size() == 1) {
                items.getFirst().done().completeExceptionally(e);
                return;
            }
            for (Pending p : items) {
                try {
                    send.accept(List.of(p.change()));
                    p.done().complete(null);
                } catch (RuntimeException alone) {
                    p.done().completeExceptionally(alone);
                }
            }
        } catch (RuntimeException e) {
            items.forEach(p -> p.done().completeExceptionally(e));
        }
    }
}
