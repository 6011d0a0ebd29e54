package org.vmpooler.provider.dummy;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The dummy's source of chance, shared by all threads calling the provider. Generators such as
 * {@link java.util.SplittableRandom} are not thread-safe, so draws are serialised; a seeded generator then
 * gives reproducible runs when calls are sequential.
 */
final class DummyDice {
    private final RandomGenerator random;
    private final ReentrantLock lock = new ReentrantLock();

    DummyDice(RandomGenerator random) {
        this.random = random;
    }

    /** True with {@code percent} % chance: the reference's {@code rand(1..100) <= percent}. */
    boolean chance(double percent) {
        return percent > 0 && draw(() -> random.nextInt(1, 101)) <= percent;
    }

    /**
     * How long a simulated operation takes: between {@code min(1 s, max)} and {@code max}. For whole seconds this
     * is the reference's {@code 1 + rand(max)}; below one second it is exactly {@code max}, so tests and benchmarks
     * can ask for short delays.
     */
    Duration delay(Duration max) {
        if (max.isZero()) {
            return Duration.ZERO;
        }
        long maxNanos = max.toNanos();
        long minNanos = Math.min(Duration.ofSeconds(1).toNanos(), maxNanos);
        if (minNanos == maxNanos) {
            return max;
        }
        return Duration.ofNanos(draw(() -> random.nextLong(minNanos, maxNanos + 1)));
    }

    /** A whole number from {@code from} to {@code to}, both included. */
    int between(int from, int to) {
        return draw(() -> random.nextInt(from, to + 1));
    }

    private <T> T draw(Supplier<T> draw) {
        lock.lock();
        try {
            return draw.get();
        } finally {
            lock.unlock();
        }
    }
}
