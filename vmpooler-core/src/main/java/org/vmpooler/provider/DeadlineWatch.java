package org.vmpooler.provider;

import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Ends the waits that outlive their deadline, for every provider call at once, from one thread.
 *
 * <p>A virtual thread that waits with a timeout has the JDK schedule a timer task and cancel it when the wait ends,
 * waking the scheduler's timer thread twice; with a few provider calls per VM and thousands of VMs a second that
 * was a tenth of the manager's CPU (bench/README.md), as Lettuce's timed waits were before. Here the caller waits
 * without a timeout, its deadline is kept in a sorted set, and one daemon thread ends the waits past their
 * deadline. Nobody wakes that thread while it has deadlines to watch: it looks again at least every
 * {@link #LATEST}, so a deadline is kept to within that, ample for deadlines of seconds. With nothing to watch it
 * sleeps until the next call arrives.
 *
 * <p>Not a {@code ScheduledThreadPoolExecutor}: it wakes its thread whenever a new task becomes the earliest, and
 * with calls that end in microseconds its queue is empty most of the time, so nearly every call would be a
 * wake-up again.
 */
final class DeadlineWatch {
    /** How late a deadline may be noticed: the watching thread's longest sleep while it watches any. */
    static final Duration LATEST = Duration.ofMillis(50);

    private final ConcurrentSkipListSet<Watched> watched = new ConcurrentSkipListSet<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicBoolean idle = new AtomicBoolean();
    private final Thread watcher;

    DeadlineWatch(String name) {
        watcher = Thread.ofPlatform().daemon().name(name).unstarted(this::watch);
        watcher.start();
    }

    /**
     * Runs {@code expire} once {@code deadline} has passed, unless the returned watch is cancelled first. The
     * action runs on the watching thread: it must only hand the news on (complete a future), never block.
     */
    Watch watch(Duration deadline, Runnable expire) {
        Watched entry = new Watched(System.nanoTime() + deadline.toNanos(), sequence.incrementAndGet(), expire);
        watched.add(entry);
        if (idle.compareAndSet(true, false)) {
            LockSupport.unpark(watcher);
        }
        return () -> watched.remove(entry);
    }

    /** Deadlines being watched (for tests). */
    int watching() {
        return watched.size();
    }

    private void watch() {
        while (true) {
            long now = System.nanoTime();
            Iterator<Watched> earliest = watched.iterator();
            long sleep = LATEST.toNanos();
            while (earliest.hasNext()) {
                Watched next = earliest.next();
                long left = next.due() - now;
                if (left > 0) {
                    sleep = Math.min(sleep, left);
                    break;
                }
                if (watched.remove(next)) {
                    next.expire().run();
                }
            }
            if (watched.isEmpty()) {
                idle.set(true);
                // A call added between the check and here found idle true and will unpark: no wake-up is lost.
                if (watched.isEmpty()) {
                    LockSupport.park(this);
                }
                idle.set(false);
            } else {
                LockSupport.parkNanos(this, sleep);
            }
        }
    }

    /** A deadline being watched. */
    interface Watch {
        /** The wait ended in time: forget the deadline. */
        void cancel();
    }

    private record Watched(long due, long sequence, Runnable expire) implements Comparable<Watched> {
        @Override
        public int compareTo(Watched other) {
            int byDue = Long.compare(due - other.due, 0);
            return byDue != 0 ? byDue : Long.compare(sequence, other.sequence);
        }
    }
}
