package org.vmpooler.bench;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * With {@code BENCH_SLOW_CHECKOUTS=<file>}, each paced checkout slower than {@link #THRESHOLD_NANOS} is appended to
 * the file as {@code <epoch ms when due> <ms taken> <pool> <pair>}: when the tail happened, to set beside the
 * server's log, a GC log or {@code perf sched} ({@code bench/stalls.py} groups the lines into stalls).
 */
final class SlowCheckouts {

    static final long THRESHOLD_NANOS = 5_000_000L;
    private static final SlowCheckouts NONE = new SlowCheckouts(null);

    private final PrintStream out;

    private SlowCheckouts(PrintStream out) {
        this.out = out;
    }

    static SlowCheckouts fromEnvironment() {
        String file = System.getenv("BENCH_SLOW_CHECKOUTS");
        if (file == null || file.isBlank()) {
            return NONE;
        }
        try {
            return new SlowCheckouts(new PrintStream(new FileOutputStream(file, true), true, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write BENCH_SLOW_CHECKOUTS=" + file, e);
        }
    }

    /** {@code dueWallMillis}: when the checkout was due, by the wall clock the server's logs use. */
    void record(long dueWallMillis, long tookNanos, String pool, int pair) {
        if (out != null && tookNanos > THRESHOLD_NANOS) {
            out.println(dueWallMillis + " " + tookNanos / 1_000_000 + " " + pool + " " + pair);
        }
    }
}
