package org.vmpooler.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The load benchmark of {@code bench/README.md}: starts {@code bin/vmpooler server} on Redis with the instant dummy
 * provider and prints manager fill time, checkout + delete throughput and latency at 1, 16 and 64 clients,
 * {@code GET /api/v3/status} latency with 100 pools × 50 VMs, the server's Redis connections and its peak RSS.
 *
 * <p>Arguments: {@code <path of bin/vmpooler> [redis database, default 14] [port, default 45670]}. The chosen Redis
 * database is flushed. With {@code --side-by-side <label>=<bin/vmpooler>… [database] [port]} it runs only the
 * 64-client checkout levels, for each build in turn and then again in reverse order, and prints them side by side:
 * how old and new code compare on the same machine in the same run.
 */
public final class Benchmark {
    /**
     * One measured level: {@code rounds} of {@code pairs} by {@code clients}, pooled for the percentiles, as fast
     * as the server answers ({@code rate} 0) or offered at {@code rate} pairs a second.
     */
    private record Level(int clients, int pairs, int rounds, double rate) {
    }

    /**
     * 8,000 pairs at 64 clients last under two seconds, in which one or two garbage collections or a manager pass
     * decided the p99, so that level has three rounds. The last level offers the target rate on a
     * schedule: the saturated levels measure how much the server can do, where latency is mostly the queue the
     * clients themselves build (64 clients over ~6,000 pairs/s wait ~5 ms each by Little's law); the paced one
     * measures the latency a client sees at that rate.
     */
    private static final List<Level> LEVELS = List.of(new Level(1, 1_000, 1, 0), new Level(16, 4_000, 1, 0),
            new Level(64, 8_000, 3, 0), new Level(64, 8_000, 3, 3_000));
    /** The warm-up runs the saturated 64-client level. */
    private static final Level WARM_UP = LEVELS.get(2);
    private static final int WARM_UP_ROUNDS = 3;

    private final Path launcher;
    private final int database;
    private final int port;
    private final Path work;
    private final List<String> report = new ArrayList<>();

    private Benchmark(Path launcher, int database, int port) throws IOException {
        this.launcher = launcher;
        this.database = database;
        this.port = port;
        this.work = Files.createTempDirectory("vmpooler-bench");
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 1 && args[0].equals("--side-by-side")) {
            sideBySide(List.of(args).subList(1, args.length));
            return;
        }
        if (args.length < 1) {
            System.err.println("usage: Benchmark <bin/vmpooler> [redis database] [port]");
            System.err.println("       Benchmark --side-by-side <label>=<bin/vmpooler>... [redis database] [port]");
            System.exit(2);
        }
        int database = args.length > 1 ? Integer.parseInt(args[1]) : 14;
        int port = args.length > 2 ? Integer.parseInt(args[2]) : 45670;
        new Benchmark(Path.of(args[0]), database, port).run();
    }

    private void run() throws Exception {
        fillAndStatus();
        checkoutThroughput(LEVELS);
        System.out.println();
        System.out.println("== vmpooler benchmark results ==");
        report.forEach(System.out::println);
    }

    /** Builds in turn and then in reverse order, so that a machine growing busier or quieter favours neither. */
    private static void sideBySide(List<String> args) throws Exception {
        List<String> builds = args.stream().filter(a -> a.contains("=")).toList();
        List<String> rest = args.stream().filter(a -> !a.contains("=")).toList();
        int database = rest.size() > 0 ? Integer.parseInt(rest.get(0)) : 14;
        int port = rest.size() > 1 ? Integer.parseInt(rest.get(1)) : 45670;
        List<String> order = new ArrayList<>(builds);
        List<String> reversed = new ArrayList<>(builds);
        java.util.Collections.reverse(reversed);
        order.addAll(reversed);
        List<String> results = new ArrayList<>();
        for (String build : order) {
            String label = build.substring(0, build.indexOf('='));
            progress("== %s ==", label);
            Benchmark bench = new Benchmark(Path.of(build.substring(build.indexOf('=') + 1)), database, port);
            bench.checkoutThroughput(LEVELS.subList(2, LEVELS.size()));
            bench.report.forEach(line -> results.add(label + ": " + line));
        }
        System.out.println();
        System.out.println("== vmpooler benchmark results, side by side ==");
        results.forEach(System.out::println);
    }

    /** 100 pools × 20 filled from empty, then the same 100 pools grown to 50 for the status latency. */
    private void fillAndStatus() throws Exception {
        PoolLayout fill = new PoolLayout(100, 20, database);
        try (RedisProbe redis = new RedisProbe(database)) {
            redis.flush();
            try (ServerProcess server = startServer(fill, "fill")) {
                double apiUp = server.uptimeSeconds();
                double filled = awaitReady(redis, fill, server, Duration.ofMinutes(5));
                progress("filled %d pools x %d VMs", fill.pools(), fill.size());
                report.add(String.format(Locale.ROOT,
                        "fill %d pools x %d VMs (instant dummy): %.1f s after API up (%.1f s after process start)",
                        fill.pools(), fill.size(), filled - apiUp, filled));
            }
            PoolLayout status = new PoolLayout(100, 50, database);
            try (ServerProcess server = startServer(status, "status")) {
                awaitReady(redis, status, server, Duration.ofMinutes(5));
                progress("filled %d pools x %d VMs; measuring GET /api/v3/status", status.pools(), status.size());
                LatencyStats latency = statusLatency(server.base(), 2_000);
                report.add(String.format(Locale.ROOT, "GET /api/v3/status, %d pools x %d VMs, %d requests: p50 %.2f ms, p99 %.2f ms",
                        status.pools(), status.size(), latency.count(), latency.percentileMillis(50),
                        latency.percentileMillis(99)));
            }
        }
    }

    private void checkoutThroughput(List<Level> levels) throws Exception {
        PoolLayout layout = new PoolLayout(8, 1_000, database);
        try (RedisProbe redis = new RedisProbe(database)) {
            redis.flush();
            try (ServerProcess server = startServer(layout, "checkout")) {
                CheckoutLoad load = new CheckoutLoad(server.base(), layout.poolNames());
                long maxConnections = 0;
                warmUp(redis, layout, server, load);
                for (Level level : levels) {
                    List<CheckoutLoad.Result> rounds = new ArrayList<>();
                    for (int round = 1; round <= level.rounds(); round++) {
                        awaitReady(redis, layout, server, Duration.ofMinutes(5));
                        progress("pools full; %d clients%s, %d checkout + delete pairs (round %d of %d)",
                                level.clients(), level.rate() > 0
                                        ? String.format(Locale.ROOT, " at %.0f pairs/s", level.rate()) : "",
                                level.pairs(), round, level.rounds());
                        rounds.add(level.rate() > 0 ? load.paced(level.clients(), level.pairs(), level.rate())
                                : load.run(level.clients(), level.pairs()));
                        maxConnections = Math.max(maxConnections, redis.serverConnections());
                    }
                    // The clients and the server share the machine's cores with whatever else runs on it.
                    report.add(describe(rounds, level.rate()) + "\n    machine load (1-minute average) after it: "
                            + Machine.loadAverage() + "; " + Machine.damon());
                }
                report.add("Redis connections held by the server (max sampled): " + maxConnections);
                report.add(String.format(Locale.ROOT, "server peak RSS: %.0f MiB", server.peakRssMiB()));
                report.add("server ran on " + jvm(work.resolve("checkout.log")));
            }
        }
    }

    private static String describe(List<CheckoutLoad.Result> rounds, double rate) {
        CheckoutLoad.Result r = CheckoutLoad.Result.pooled(rounds);
        String line = String.format(Locale.ROOT,
                "checkout+delete, %2d clients%s: %.0f pairs/s (%d pairs, %d failed); checkout p50 %.2f ms p99 %.2f ms; delete p50 %.2f ms p99 %.2f ms",
                r.clients(), rate > 0 ? String.format(Locale.ROOT, " paced at %.0f pairs/s, latency from when due", rate)
                        : "", r.pairsPerSecond(), r.pairs(), r.failures(), r.checkout().percentileMillis(50),
                r.checkout().percentileMillis(99), r.delete().percentileMillis(50), r.delete().percentileMillis(99));
        if (rounds.size() == 1) {
            return line;
        }
        return line + rounds.stream()
                .map(round -> String.format(Locale.ROOT, "%.0f pairs/s, checkout p99 %.2f ms", round.pairsPerSecond(),
                        round.checkout().percentileMillis(99)))
                .collect(Collectors.joining("; ", "\n    " + rounds.size() + " rounds: ", ""));
    }

    /**
     * A service runs for days, so what matters is its steady state: the first tens of thousands of requests
     * of a fresh JVM share the two cores with the JIT compiler, which measured the compiler, not vmpooler.
     */
    private void warmUp(RedisProbe redis, PoolLayout layout, ServerProcess server, CheckoutLoad load)
            throws InterruptedException, IOException {
        for (int round = 1; round <= WARM_UP_ROUNDS; round++) {
            awaitReady(redis, layout, server, Duration.ofMinutes(5));
            CheckoutLoad.Result r = load.run(WARM_UP.clients(), WARM_UP.pairs());
            progress("warm-up round %d of %d: %.0f pairs/s, checkout p99 %.2f ms (not reported)", round,
                    WARM_UP_ROUNDS, r.pairsPerSecond(), r.checkout().percentileMillis(99));
        }
    }

    /** Starts {@code bin/vmpooler server} on the layout and waits until its API answers; logs to {@code <name>.log}. */
    private ServerProcess startServer(PoolLayout layout, String name) throws IOException, InterruptedException {
        Path log = work.resolve(name + ".log");
        ServerProcess server = ServerProcess.start(launcher, layout.write(work), port, log);
        try {
            server.awaitApi(Duration.ofSeconds(120), log);
            return server;
        } catch (IOException | InterruptedException e) {
            server.close();
            throw e;
        }
    }

    /** The JVM, collector and heap limit the server logged as it started: they shape every figure above. */
    private static String jvm(Path log) throws IOException {
        String marker = "vmpooler started: ";
        return Files.readAllLines(log).stream().filter(line -> line.contains(marker))
                .map(line -> line.substring(line.indexOf(" on ", line.indexOf(marker)) + 4)).findFirst()
                .orElse("a JVM it did not describe (see " + log + ")");
    }

    private LatencyStats statusLatency(URI base, int requests) throws IOException {
        long[] nanos = new long[requests];
        try (HttpConnection connection = new HttpConnection(base.getHost(), base.getPort())) {
            for (int i = 0; i < requests; i++) {
                long t0 = System.nanoTime();
                ResponseReader.Response response = connection.send("GET", "/api/v3/status");
                nanos[i] = System.nanoTime() - t0;
                if (response.status() != 200) {
                    throw new IOException("GET /api/v3/status answered " + response.status());
                }
            }
        }
        return new LatencyStats(nanos);
    }

    /** Waits until every pool is full; returns the server's uptime at that moment. */
    private static double awaitReady(RedisProbe redis, PoolLayout layout, ServerProcess server, Duration timeout)
            throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (redis.readyVms(layout.poolNames()) < layout.totalVms()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("pools not full after " + timeout + ": " + redis.readyVms(layout.poolNames())
                        + " of " + layout.totalVms() + " ready");
            }
            Thread.sleep(20);
        }
        return server.uptimeSeconds();
    }

    private static void progress(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[bench] " + format + "%n", args);
        // Shown as it happens even when the output is a file or a pipe, so a profiler can be started on a level.
        System.out.flush();
    }
}
