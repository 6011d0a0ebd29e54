package org.vmpooler.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

import org.awaitility.Awaitility;

/**
 * The threads of one kind that appeared while some work ran: what a plugin instance started, which its
 * {@code close} must end. Tests of one class run one after the other, so the threads that appear are the work's.
 */
public final class StartedThreads {
    private final Set<Thread> threads;

    private StartedThreads(Set<Thread> threads) {
        this.threads = Set.copyOf(threads);
    }

    /** Runs {@code work} and keeps the new live threads that {@code kind} accepts; fails if there are none. */
    public static StartedThreads during(Runnable work, Predicate<Thread> kind) {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        work.run();
        Set<Thread> started = new HashSet<>(Thread.getAllStackTraces().keySet());
        started.removeAll(before);
        started.removeIf(kind.negate());
        assertThat(started).as("threads the work started").isNotEmpty();
        return new StartedThreads(started);
    }

    /** Waits up to ten seconds for every one of them to end. */
    public void awaitEnded() {
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(threads).noneMatch(Thread::isAlive));
    }
}
