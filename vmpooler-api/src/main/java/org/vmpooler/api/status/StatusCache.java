package org.vmpooler.api.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Keeps the last {@link StatusData} for at most {@code maxAge}, and lets only one caller refresh it: the others
 * wait for that refresh instead of all hitting the store at once (a dashboard full of browsers polling
 * {@code /status} costs one store read per second, whatever their number).
 */
final class StatusCache {
    private final Clock clock;
    private final Duration maxAge;
    private final Supplier<StatusData> loader;
    private final ReentrantLock refreshing = new ReentrantLock();
    private volatile Entry entry;

    private record Entry(StatusData data, Instant takenAt) {
    }

    StatusCache(Clock clock, Duration maxAge, Supplier<StatusData> loader) {
        this.clock = clock;
        this.maxAge = maxAge;
        this.loader = loader;
    }

    StatusData get() {
        Entry current = entry;
        if (fresh(current)) {
            return current.data();
        }
        refreshing.lock();
        try {
            current = entry;
            if (fresh(current)) {
                return current.data();
            }
            Entry loaded = new Entry(loader.get(), clock.instant());
            entry = loaded;
            return loaded.data();
        } finally {
            refreshing.unlock();
        }
    }

    private boolean fresh(Entry e) {
        if (e == null) {
            return false;
        }
        Duration age = Duration.between(e.takenAt(), clock.instant());
        return !age.isNegative() && age.compareTo(maxAge) < 0;
    }
}
