package org.vmpooler.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code clients} concurrent clients each repeating: check out one VM ({@code POST /api/v3/vm/<pool>}), then
 * give it back ({@code DELETE /api/v3/vm/<host>}), until {@code pairs} checkouts were attempted in total.
 */
final class CheckoutLoad {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Result(int clients, int pairs, double seconds, long failures, LatencyStats checkout, LatencyStats delete) {
        double pairsPerSecond() {
            return (pairs - failures) / seconds;
        }
    }

    private final HttpClient http;
    private final URI base;
    private final List<String> pools;

    CheckoutLoad(HttpClient http, URI base, List<String> pools) {
        this.http = http;
        this.base = base;
        this.pools = pools;
    }

    Result run(int clients, int pairs) throws InterruptedException {
        long[] checkoutNanos = new long[pairs];
        long[] deleteNanos = new long[pairs];
        AtomicInteger next = new AtomicInteger();
        AtomicLong failures = new AtomicLong();
        long start = System.nanoTime();
        try (ExecutorService clientThreads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                clientThreads.submit(() -> {
                    for (int i = next.getAndIncrement(); i < pairs; i = next.getAndIncrement()) {
                        if (!pair(pools.get(i % pools.size()), i, checkoutNanos, deleteNanos)) {
                            failures.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(clients, pairs, seconds, failures.get(), new LatencyStats(checkoutNanos),
                new LatencyStats(deleteNanos));
    }

    private boolean pair(String pool, int i, long[] checkoutNanos, long[] deleteNanos) throws InterruptedException {
        try {
            long t0 = System.nanoTime();
            HttpResponse<String> checkout = http.send(HttpRequest.newBuilder(base.resolve("/api/v3/vm/" + pool))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            checkoutNanos[i] = System.nanoTime() - t0;
            if (checkout.statusCode() != 200) {
                return false;
            }
            JsonNode hostname = JSON.readTree(checkout.body()).path(pool).path("hostname");
            String host = hostname.asText().split("\\.")[0];
            long t1 = System.nanoTime();
            HttpResponse<Void> delete = http.send(HttpRequest.newBuilder(base.resolve("/api/v3/vm/" + host)).DELETE()
                    .build(), HttpResponse.BodyHandlers.discarding());
            deleteNanos[i] = System.nanoTime() - t1;
            return delete.statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }
}
