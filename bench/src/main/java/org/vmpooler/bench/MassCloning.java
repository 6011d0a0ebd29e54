package org.vmpooler.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The "mass cloning" level of {@code bench/README.md}, for two builds side by side (an old commit and the working
 * tree), each started the same way on the same machine:
 *
 * <ol>
 * <li>{@code bin/vmpooler server} on Redis with two pools on the instant dummy provider, {@code task_limit: 1000},
 * every new name checked in DNS against {@link SlowDns} (no name known, each answer after {@code dnsDelay});</li>
 * <li>both pools filled from empty (timed);</li>
 * <li>idle: 16 clients check out and give back VMs of {@code probe} at a paced rate, latency counted from when
 * each checkout was due;</li>
 * <li>mass cloning: every ready VM of {@code mass} is retired at once, and the same paced load runs while the
 * manager destroys and reclones them; the stock of {@code mass} (ready + pending) is sampled throughout.</li>
 * </ol>
 *
 * <p>Then the name generator of each build draws names for as many clones as a busy farm makes in a week, counting
 * the draws that found their name taken ({@link NameCollisions}).
 *
 * <p>Arguments: {@code <old bin/vmpooler> <new bin/vmpooler> [redis database, default 12] [port, default 45672]
 * [DNS delay ms, default 1000]}. The chosen Redis database is flushed.
 */
public final class MassCloning {

    private static final int MASS = 2_000;
    private static final int PROBE = 1_000;
    private static final int TASK_LIMIT = 1_000;
    private static final int CLIENTS = 16;
    private static final double RATE = 100;
    private static final int PAIRS = 2_000;
    private static final Duration PATIENCE = Duration.ofMinutes(5);
    private static final long[] NAME_CLONES = {60_040, 1_000_000, 10_000_000, 50_000_000};
    /** Beyond this many clones the old generator fails nearly every clone; drawing more shows nothing new. */
    private static final long OLD_NAMES_MAX = 1_000_000;

    /** A build under test: its label and its launcher. */
    private record Build(String label, Path launcher) {
        Path jar() {
            return launcher.getParent().getParent().resolve("vmpooler-server/target/vmpooler.jar");
        }
    }

    /** What one build gave. */
    private record Figures(double fillSeconds, CheckoutLoad.Result idle, CheckoutLoad.Result mass,
                           double refillSeconds, long maxStock, long surplusLines, long dnsQueries, String load) {
    }

    private final int database;
    private final int port;
    private final long dnsDelayMillis;
    private final Path work;

    private MassCloning(int database, int port, long dnsDelayMillis) throws IOException {
        this.database = database;
        this.port = port;
        this.dnsDelayMillis = dnsDelayMillis;
        this.work = Files.createTempDirectory("vmpooler-mass-cloning");
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: MassCloning <old bin/vmpooler> <new bin/vmpooler> [redis database] [port]"
                    + " [DNS delay ms]");
            System.exit(2);
        }
        MassCloning bench = new MassCloning(args.length > 2 ? Integer.parseInt(args[2]) : 12,
                args.length > 3 ? Integer.parseInt(args[3]) : 45672, args.length > 4 ? Long.parseLong(args[4]) : 1_000);
        List<Build> builds = List.of(new Build("OLD", Path.of(args[0]).toAbsolutePath()),
                new Build("NEW", Path.of(args[1]).toAbsolutePath()));
        List<Figures> figures = new ArrayList<>();
        for (Build build : builds) {
            figures.add(bench.run(build));
        }
        bench.report(builds, figures);
        List<String> names = new ArrayList<>();
        for (long clones : NAME_CLONES) {
            names.add(bench.names(builds, clones));
        }
        System.out.println();
        System.out.println("== generated names: draws that found their name taken (3 draws a clone) ==");
        System.out.println("| clones | " + String.join(" | ", builds.stream().map(Build::label).toList()) + " |");
        System.out.println("| --- |" + " --- |".repeat(builds.size()));
        names.forEach(System.out::println);
    }

    private Figures run(Build build) throws Exception {
        Path config = writeLayout();
        Path log = work.resolve(build.label().toLowerCase(Locale.ROOT) + ".log");
        try (RedisProbe redis = new RedisProbe(database); SlowDns dns = new SlowDns(dnsDelayMillis, work)) {
            redis.flush();
            try (ServerProcess server = ServerProcess.start(dns.wrap(List.of(build.launcher().toString(), "server")),
                    config, port, log)) {
                server.awaitApi(Duration.ofSeconds(120), log);
                long apiUp = System.nanoTime();
                awaitFull(redis, "mass", MASS);
                awaitFull(redis, "probe", PROBE);
                double fill = seconds(apiUp);
                progress("%s: filled %d + %d VMs in %.1f s", build.label(), MASS, PROBE, fill);
                CheckoutLoad load = new CheckoutLoad(server.base(), List.of("probe"));
                CheckoutLoad.Result warmUp = load.paced(CLIENTS, PAIRS / 2, RATE);
                progress("%s: warm-up %.0f pairs/s, checkout p99 %.2f ms (not reported)", build.label(),
                        warmUp.pairsPerSecond(), warmUp.checkout().percentileMillis(99));
                awaitFull(redis, "probe", PROBE);
                CheckoutLoad.Result idle = load.paced(CLIENTS, PAIRS, RATE);
                String idleLoad = Machine.loadAverage();
                progress("%s: idle %.0f pairs/s, checkout p99 %.2f ms", build.label(), idle.pairsPerSecond(),
                        idle.checkout().percentileMillis(99));
                awaitFull(redis, "probe", PROBE);
                try (StockWatch stock = new StockWatch(redis, "mass")) {
                    long retired = redis.retireReady("mass");
                    long start = System.nanoTime();
                    CheckoutLoad.Result mass = load.paced(CLIENTS, PAIRS, RATE);
                    progress("%s: %d VMs retired; during their refill %.0f pairs/s, checkout p99 %.2f ms",
                            build.label(), retired, mass.pairsPerSecond(), mass.checkout().percentileMillis(99));
                    awaitFull(redis, "mass", MASS);
                    double refill = seconds(start);
                    return new Figures(fill, idle, mass, refill, stock.max(), surplusLines(log), dns.queries(),
                            idleLoad + " / " + Machine.loadAverage());
                }
            }
        }
    }

    /** Pool {@code mass} is the one refilled; clients check out of {@code probe}. */
    private Path writeLayout() throws IOException {
        StringBuilder yaml = PoolLayout.settings(TASK_LIMIT, true, database);
        PoolLayout.pool(yaml, "mass", MASS);
        PoolLayout.pool(yaml, "probe", PROBE);
        return Files.writeString(work.resolve("mass-cloning.yaml"), yaml);
    }

    /** Lines in which the manager retired VMs above a pool's size: overshoot made visible. */
    private static long surplusLines(Path log) throws IOException {
        try (var lines = Files.lines(log)) {
            return lines.filter(line -> line.contains("above its size")).count();
        }
    }

    private String names(List<Build> builds, long clones) throws Exception {
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %,d clones |", clones));
        for (Build build : builds) {
            if (build.label().equals("OLD") && clones > OLD_NAMES_MAX) {
                row.append(" (not drawn) |");
                continue;
            }
            NameCollisions.Result r = new NameCollisions(build.jar(), 26).draw(clones);
            progress("%s names: %,d clones, %,d retried, %,d failed", build.label(), clones, r.retried(), r.failed());
            row.append(String.format(Locale.ROOT, " %,d retried (%.4f %%), %,d failed |", r.retried(),
                    100.0 * r.retried() / clones, r.failed()));
        }
        return row.toString();
    }

    private void report(List<Build> builds, List<Figures> figures) {
        System.out.println();
        System.out.printf(Locale.ROOT, "== mass cloning: '%s' (%,d VMs) refilled at task_limit %,d while %d clients"
                        + " check out of 'probe' (%,d VMs) at %.0f pairs/s; every DNS answer after %d ms ==%n", "mass",
                MASS, TASK_LIMIT, CLIENTS, PROBE, RATE, dnsDelayMillis);
        System.out.println("| figure | " + String.join(" | ", builds.stream().map(b -> b.label() + " "
                + b.launcher().getParent().getParent()).toList()) + " |");
        System.out.println("| --- |" + " --- |".repeat(builds.size()));
        row(figures, "fill both pools from empty", f -> String.format(Locale.ROOT, "%.1f s", f.fillSeconds()));
        row(figures, "idle: served pairs/s, checkout p50 / p99", f -> served(f.idle()));
        row(figures, "mass cloning: served pairs/s, checkout p50 / p99", f -> served(f.mass()));
        row(figures, "checkout p99 mass cloning / idle", f -> String.format(Locale.ROOT, "%.1f x",
                f.mass().checkout().percentileMillis(99) / f.idle().checkout().percentileMillis(99)));
        row(figures, "refill of 'mass'", f -> String.format(Locale.ROOT, "%.1f s", f.refillSeconds()));
        row(figures, "most ready + pending of 'mass' seen (size " + MASS + ")", f -> Long.toString(f.maxStock()));
        row(figures, "log lines retiring VMs above a pool's size", f -> Long.toString(f.surplusLines()));
        row(figures, "DNS queries received", f -> String.format(Locale.ROOT, "%,d", f.dnsQueries()));
        row(figures, "machine load (1-minute average) after idle / after mass cloning", Figures::load);
    }

    private static String served(CheckoutLoad.Result r) {
        return String.format(Locale.ROOT, "%.0f (%d failed), %.2f / %.2f ms", r.pairsPerSecond(), r.failures(),
                r.checkout().percentileMillis(50), r.checkout().percentileMillis(99));
    }

    private static void row(List<Figures> figures, String name, Function<Figures, String> cell) {
        System.out.println("| " + name + " | " + String.join(" | ", figures.stream().map(cell).toList()) + " |");
    }

    private static void awaitFull(RedisProbe redis, String pool, int size) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (redis.count("ready", pool) < size) {
            if (System.nanoTime() > deadline) {
                throw new IOException("pool " + pool + " not full after " + PATIENCE + ": "
                        + redis.count("ready", pool) + " of " + size + " ready");
            }
            Thread.sleep(20);
        }
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    private static void progress(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[mass-cloning] " + format + "%n", args);
        System.out.flush();
    }

    /** Samples a pool's ready + pending count every few milliseconds and keeps the largest. */
    private static final class StockWatch implements AutoCloseable {
        private final AtomicLong max = new AtomicLong();
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final Thread thread;

        StockWatch(RedisProbe redis, String pool) {
            this.thread = Thread.ofPlatform().daemon().name("stock-watch").start(() -> {
                while (!stopped.get()) {
                    max.accumulateAndGet(redis.stock(pool), Math::max);
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        long max() {
            return max.get();
        }

        @Override
        public void close() throws InterruptedException {
            stopped.set(true);
            thread.join();
        }
    }
}
