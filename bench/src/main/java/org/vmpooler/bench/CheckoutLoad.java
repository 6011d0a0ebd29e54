package org.vmpooler.bench;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code clients} concurrent clients, each on its own keep-alive connection, each repeating: check out one VM
 * ({@code POST /api/v3/vm/<pool>}), then give it back ({@code DELETE /api/v3/vm/<host>}), until {@code pairs}
 * checkouts were attempted in total.
 *
 * <p>The client shares the two cores with the server and Redis. With a thread per client, the client's own
 * thread switches took a quarter of the machine's CPU at 64 clients (0.1 ms per pair, against the server's
 * 0.22 ms). Like wrk, all connections are driven by one thread from a selector instead.
 */
final class CheckoutLoad {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(30);

    record Result(int clients, int pairs, double seconds, long failures, LatencyStats checkout, LatencyStats delete) {
        double pairsPerSecond() {
            return (pairs - failures) / seconds;
        }

        /** Rounds at the same number of clients as one: their pairs, time and latencies together. */
        static Result pooled(List<Result> rounds) {
            return new Result(rounds.get(0).clients(), rounds.stream().mapToInt(Result::pairs).sum(),
                    rounds.stream().mapToDouble(Result::seconds).sum(), rounds.stream().mapToLong(Result::failures).sum(),
                    LatencyStats.pooled(rounds.stream().map(Result::checkout).toList()),
                    LatencyStats.pooled(rounds.stream().map(Result::delete).toList()));
        }
    }

    private static final SlowCheckouts SLOW = SlowCheckouts.fromEnvironment();

    private final URI base;
    private final List<String> pools;

    CheckoutLoad(URI base, List<String> pools) {
        this.base = base;
        this.pools = pools;
    }

    /** As fast as the server answers: each client starts its next pair when the last one is done. */
    Result run(int clients, int pairs) throws IOException {
        return run(clients, pairs, 0);
    }

    /**
     * At a fixed rate: pair {@code i} is due {@code i / pairsPerSecond} after the start, whichever client is
     * free to take it. A checkout's latency counts from when it was due, so a server that falls behind is
     * charged for the wait, not only for the requests it did answer (what wrk2 calls coordinated omission).
     */
    Result paced(int clients, int pairs, double pairsPerSecond) throws IOException {
        return run(clients, pairs, Math.round(1e9 / pairsPerSecond));
    }

    private Result run(int clients, int pairs, long intervalNanos) throws IOException {
        Run run = new Run(pairs, intervalNanos);
        try (Selector selector = Selector.open()) {
            // Connected first, so a slow connect is not counted as the latency of other clients' requests.
            List<Client> all = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                all.add(new Client(selector));
            }
            long start = System.nanoTime();
            run.start = start;
            run.wallStart = System.currentTimeMillis();
            for (Client client : all) {
                client.nextPair(run);
            }
            long lastProgress = System.nanoTime();
            while (run.busy > 0) {
                Client due = run.waiting.peek();
                long waitMillis = due == null ? 1_000
                        : Math.min(1_000, Math.max(0, (due.dueAt - System.nanoTime()) / 1_000_000));
                int ready = waitMillis == 0 ? selector.selectNow() : selector.select(waitMillis);
                for (SelectionKey key : selector.selectedKeys()) {
                    ((Client) key.attachment()).ready(key, run);
                }
                selector.selectedKeys().clear();
                startDuePairs(run);
                if (ready > 0) {
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > STALL_NANOS && run.waiting.isEmpty()) {
                    throw new IOException("no answer from the server for 30 s");
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            for (Client client : all) {
                client.close();
            }
            return new Result(clients, pairs, seconds, run.failures, new LatencyStats(run.checkoutNanos),
                    new LatencyStats(run.deleteNanos));
        }
    }

    private static void startDuePairs(Run run) {
        long now = System.nanoTime();
        while (!run.waiting.isEmpty() && run.waiting.peek().dueAt <= now) {
            Client client = run.waiting.poll();
            try {
                client.sendCheckout(run);
            } catch (IOException e) {
                client.failed(run);
            }
        }
    }

    /** What the clients of one run share: the next pair to do, its schedule, the latencies, the failures. */
    private static final class Run {
        final long[] checkoutNanos;
        final long[] deleteNanos;
        /** Between pairs when paced, else 0. */
        final long intervalNanos;
        /** Clients holding a pair that is not due yet, soonest first. */
        final PriorityQueue<Client> waiting = new PriorityQueue<>(Comparator.comparingLong(c -> c.dueAt));
        long start;
        /** {@link #start} by the wall clock. */
        long wallStart;
        int next;
        int busy;
        long failures;

        Run(int pairs, long intervalNanos) {
            checkoutNanos = new long[pairs];
            deleteNanos = new long[pairs];
            this.intervalNanos = intervalNanos;
        }
    }

    /** One connection and the pair it is working on. */
    private final class Client {
        private final Selector selector;
        private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(16 * 1024);
        private final ResponseReader reader = new ResponseReader();
        private SocketChannel channel;
        private SelectionKey key;
        private ByteBuffer request;
        private int pair = -1;
        private String pool;
        private boolean deleting;
        private long sentAt;
        /** When the pair's checkout is due; its latency counts from then. */
        private long dueAt;

        Client(Selector selector) throws IOException {
            this.selector = selector;
            connect();
        }

        private void connect() throws IOException {
            channel = SocketChannel.open(new InetSocketAddress(base.getHost(), base.getPort()));
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.configureBlocking(false);
            key = channel.register(selector, SelectionKey.OP_READ, this);
            reader.reset();
        }

        /** Takes the next pair, if any is left, and sends its checkout. */
        void nextPair(Run run) throws IOException {
            if (pair >= 0) {
                run.busy--;
            }
            if (run.next >= run.checkoutNanos.length) {
                pair = -1;
                return;
            }
            pair = run.next++;
            run.busy++;
            pool = pools.get(pair % pools.size());
            deleting = false;
            dueAt = run.start + pair * run.intervalNanos;
            if (dueAt > System.nanoTime()) {
                run.waiting.add(this);
            } else {
                sendCheckout(run);
            }
        }

        void sendCheckout(Run run) throws IOException {
            send("POST", "/api/v3/vm/" + pool);
            if (run.intervalNanos > 0) {
                // A checkout sent late (every client was busy when it fell due) is timed from when it was due.
                sentAt = dueAt;
            }
        }

        void ready(SelectionKey ready, Run run) {
            try {
                if (ready.isWritable()) {
                    write();
                }
                if (ready.isReadable()) {
                    read(run);
                }
            } catch (IOException | RuntimeException e) {
                failed(run);
            }
        }

        private void read(Run run) throws IOException {
            readBuffer.clear();
            if (channel.read(readBuffer) < 0) {
                throw new EOFException("the server closed the connection");
            }
            reader.feed(readBuffer.flip());
            ResponseReader.Response response = reader.next();
            if (response == null) {
                return;
            }
            long took = System.nanoTime() - sentAt;
            if (response.closes()) {
                reconnect();
            }
            if (!deleting) {
                run.checkoutNanos[pair] = took;
                if (run.intervalNanos > 0) {
                    SLOW.record(run.wallStart + (sentAt - run.start) / 1_000_000, took, pool, pair);
                }
                if (response.status() != 200) {
                    run.failures++;
                    nextPair(run);
                    return;
                }
                String host = JSON.readTree(response.body()).path(pool).path("hostname").asText().split("\\.")[0];
                deleting = true;
                send("DELETE", "/api/v3/vm/" + host);
            } else {
                run.deleteNanos[pair] = took;
                if (response.status() != 200) {
                    run.failures++;
                }
                nextPair(run);
            }
        }

        /** The pair counts as failed; the connection is opened anew for the next one. */
        private void failed(Run run) {
            run.failures++;
            try {
                reconnect();
                nextPair(run);
            } catch (IOException e) {
                // the server is gone: this client stops, the run ends with what the others do
                run.busy--;
                pair = -1;
            }
        }

        private void reconnect() throws IOException {
            close();
            connect();
        }

        private void send(String method, String path) throws IOException {
            request = HttpConnection.request(method, path, base.getHost(), base.getPort());
            sentAt = System.nanoTime();
            write();
        }

        /** Writes what the socket takes now; the selector says when it takes the rest. */
        private void write() throws IOException {
            channel.write(request);
            key.interestOps(request.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        void close() throws IOException {
            key.cancel();
            channel.close();
        }
    }
}
