package org.vmpooler.api.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpooler.api.support.EndToEndTestBase;
import org.vmpooler.api.support.TestConfig;
import org.vmpooler.manager.clone.NameResolver;
import org.vmpooler.store.InMemoryStore;
import org.vmpooler.store.Store;

/**
 * The manager's stale-DNS check of new VM names against a resolver that hangs in native code, as a lookup through
 * the system resolver does while a DNS server stays silent: the API goes on answering while every check hangs.
 * Made on the clones' virtual threads, such lookups held every carrier, and with them every HTTP request.
 */
class HungNameCheckTest extends EndToEndTestBase {

    @TempDir
    static Path dir;
    /** Held open once the test is done, so every hung open returns and every later one passes straight through. */
    private static RandomAccessFile release;

    @Override
    protected Store newStore() {
        return new InMemoryStore(clock);
    }

    @Test
    void theApiAnswersWhileEveryNameCheckHangs() throws Exception {
        Path fifo = fifo();
        AtomicInteger hanging = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        // Opening a FIFO that nobody writes to blocks in native code, as getaddrinfo waiting for a DNS answer does.
        NameResolver silentDns = fqdn -> {
            hanging.incrementAndGet();
            try (FileInputStream ignored = new FileInputStream(fifo.toFile())) {
                answered.incrementAndGet();
                return false;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        start(new TestConfig().pool("debian", 20).loopDelay(FAST));
        startManager(silentDns);
        // Two at least: as many as the machine's two cores give carriers, and fewer than the pool's threads.
        eventually(hanging::get, n -> n >= 2);

        assertThat(get("/api/v3/status").status()).isEqualTo(200);
        assertThat(get("/api/v3/vm/no-such-vm").status()).isEqualTo(404);
        assertThat(answered.get()).as("name checks that returned before the API answered").isZero();
    }

    private static Path fifo() throws IOException, InterruptedException {
        Path fifo = dir.resolve("silent-dns");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).as("mkfifo exit status").isZero();
        return fifo;
    }

    /** Runs before the manager stops (a subclass's {@code @AfterEach} comes first), so it can stop at all. */
    @AfterEach
    void answerEveryNameCheck() throws IOException {
        // Opened for reading and writing, a FIFO does not wait for a reader; while open, readers' opens return.
        release = new RandomAccessFile(dir.resolve("silent-dns").toFile(), "rw");
    }

    @AfterAll
    static void closeRelease() throws IOException {
        if (release != null) {
            release.close();
        }
    }
}
