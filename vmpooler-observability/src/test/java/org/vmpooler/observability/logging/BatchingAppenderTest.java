package org.vmpooler.observability.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchingAppenderTest {
    private final LoggerContext context = new LoggerContext();
    private final Logger logger = context.getLogger("test");
    private final CountingStream out = new CountingStream();
    private BatchingAppender appender;

    /** Records what was written and how many write calls it took; may be slowed to let lines pile up. */
    private static final class CountingStream extends ByteArrayOutputStream {
        final AtomicInteger writes = new AtomicInteger();
        volatile CountDownLatch gate = new CountDownLatch(0);

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            writes.incrementAndGet();
            super.write(b, off, len);
        }

        List<String> lines() {
            return Arrays.asList(toString(StandardCharsets.UTF_8).split("\n"));
        }
    }

    /** Holds the writer before it formats a line. */
    private volatile CountDownLatch encoding = new CountDownLatch(0);

    private void start(boolean closeOnStop) {
        start(closeOnStop, "%thread %msg%n", BatchingAppender.Capture.CONTEXT);
    }

    private void start(boolean closeOnStop, String pattern, BatchingAppender.Capture capture) {
        context.setMDCAdapter(new LogbackMDCAdapter());
        PatternLayoutEncoder encoder = new PatternLayoutEncoder() {
            @Override
            public byte[] encode(ILoggingEvent event) {
                try {
                    encoding.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.encode(event);
            }
        };
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        appender = new BatchingAppender(List.of(new BatchingAppender.Target(out, encoder, closeOnStop)), capture);
        appender.setContext(context);
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.INFO);
    }

    @AfterEach
    void stop() {
        if (appender != null) {
            appender.stop();
        }
    }

    @Test
    void aLineShowsItsArgumentsAsTheyWereWhenLoggedThoughWrittenLater() throws Exception {
        start(false, "%msg%n", BatchingAppender.Capture.MESSAGE);
        encoding = new CountDownLatch(1);
        StringBuilder state = new StringBuilder("pending");
        logger.info("vm is {}", state);
        state.replace(0, state.length(), "destroyed");
        encoding.countDown();

        assertThat(appender.awaitWritten(Duration.ofSeconds(5))).isTrue();
        assertThat(out.lines()).containsExactly("vm is pending");
    }

    @Test
    void aLoneLineIsWrittenWithoutWaitingForMore() throws Exception {
        start(false);
        logger.info("one line");

        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (out.size() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(out.lines()).containsExactly(Thread.currentThread().getName() + " one line");
    }

    @Test
    void linesFromManyThreadsAreAllWrittenEachThreadInItsOrder() throws Exception {
        start(false);
        int threads = 64;
        int perThread = 500;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        logger.info("t{} line {}", thread, i);
                    }
                });
            }
        }
        assertThat(appender.awaitWritten(Duration.ofSeconds(10))).isTrue();

        Map<String, List<Integer>> byThread = new HashMap<>();
        for (String line : out.lines()) {
            String[] words = line.split(" ");
            byThread.computeIfAbsent(words[words.length - 3], k -> new ArrayList<>())
                    .add(Integer.parseInt(words[words.length - 1]));
        }
        assertThat(byThread).hasSize(threads);
        List<Integer> expected = IntStream.range(0, perThread).boxed().toList();
        byThread.values().forEach(order -> assertThat(order).isEqualTo(expected));
    }

    @Test
    void linesThatPileUpWhileTheOutputIsBusyGoOutInOneWrite() throws Exception {
        start(false);
        out.gate = new CountDownLatch(1);
        logger.info("first");
        Thread.sleep(100);
        for (int i = 0; i < 200; i++) {
            logger.info("queued {}", i);
        }
        out.gate.countDown();

        assertThat(appender.awaitWritten(Duration.ofSeconds(5))).isTrue();
        assertThat(out.lines()).hasSize(201);
        assertThat(out.writes.get()).as("write calls for 201 lines").isLessThanOrEqualTo(3);
    }

    @Test
    void stoppingWritesEverythingStillQueued() throws Exception {
        start(true);
        out.gate = new CountDownLatch(1);
        for (int i = 0; i < 1_000; i++) {
            logger.info("line {}", i);
        }
        Thread opener = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.gate.countDown();
        });

        appender.stop();
        opener.join();

        assertThat(out.lines()).hasSize(1_000).last().asString().endsWith("line 999");
    }
}
