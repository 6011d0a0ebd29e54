package org.vmpooler.bench;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code clients} concurrent clients, each on its own thread and keep-alive connection, each repeating: check out
 * one VM ({@code POST /api/v3/vm/<pool>}), then give it back ({@code DELETE /api/v3/vm/<host>}), until
 * {@code pairs} checkouts were attempted in total.
 */
final class CheckoutLoad {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Result(int clients, int pairs, double seconds, long failures, LatencyStats checkout, LatencyStats delete) {
        double pairsPerSecond() {
            return (pairs - failures) / seconds;
        }
    }

    private final URI base;
    private final List<String> pools;

    CheckoutLoad(URI base, List<String> pools) {
        this.base = base;
        this.pools = pools;
    }

    Result run(int clients, int pairs) throws InterruptedException {
        long[] checkoutNanos = new long[pairs];
        long[] deleteNanos = new long[pairs];
        AtomicInteger next = new AtomicInteger();
        AtomicLong failures = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            threads.add(Thread.ofPlatform().name("bench-client-" + c).start(() -> {
                try (HttpConnection connection = new HttpConnection(base.getHost(), base.getPort())) {
                    for (int i = next.getAndIncrement(); i < pairs; i = next.getAndIncrement()) {
                        if (!pair(connection, pools.get(i % pools.size()), i, checkoutNanos, deleteNanos)) {
                            failures.incrementAndGet();
                        }
                    }
                } catch (IOException e) {
                    // a failed close only; the pairs themselves count their failures
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(clients, pairs, seconds, failures.get(), new LatencyStats(checkoutNanos),
                new LatencyStats(deleteNanos));
    }

    private static boolean pair(HttpConnection connection, String pool, int i, long[] checkoutNanos,
                                long[] deleteNanos) {
        try {
            long t0 = System.nanoTime();
            HttpConnection.Response checkout = connection.send("POST", "/api/v3/vm/" + pool);
            checkoutNanos[i] = System.nanoTime() - t0;
            if (checkout.status() != 200) {
                return false;
            }
            String host = JSON.readTree(checkout.body()).path(pool).path("hostname").asText().split("\\.")[0];
            long t1 = System.nanoTime();
            HttpConnection.Response delete = connection.send("DELETE", "/api/v3/vm/" + host);
            deleteNanos[i] = System.nanoTime() - t1;
            return delete.status() == 200;
        } catch (IOException e) {
            return false;
        }
    }
}
