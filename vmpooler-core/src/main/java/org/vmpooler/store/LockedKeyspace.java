package org.vmpooler.store;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.vmpooler.domain.RubyTime;

/**
 * The in-memory store's data and its one lock, shared by the classes of every aggregate: whatever an operation
 * touches, of whichever aggregate, it runs whole under this lock, after the keys whose expiry has passed are gone.
 */
final class LockedKeyspace {
    private final ZoneId zone;
    private final Keyspace keys;
    private final ReentrantLock lock = new ReentrantLock();

    LockedKeyspace(Clock clock) {
        this.zone = clock.getZone();
        this.keys = new Keyspace(clock);
    }

    Keyspace keys() {
        return keys;
    }

    <T> T atomically(Supplier<T> operation) {
        lock.lock();
        try {
            keys.expireDue();
            return operation.get();
        } finally {
            lock.unlock();
        }
    }

    void run(Runnable operation) {
        atomically(() -> {
            operation.run();
            return null;
        });
    }

    /** A time as the reference stores it, in the store clock's zone. */
    String time(Instant instant) {
        return RubyTime.format(instant, zone);
    }

    /** A copy of {@code fields}, refusing null names and values (Redis cannot store them) with a clear message. */
    static Map<String, String> checkedFields(Map<String, String> fields, String owner) {
        Map<String, String> copy = new LinkedHashMap<>();
        fields.forEach((field, value) -> {
            if (field == null || value == null) {
                throw new IllegalArgumentException("null field name or value for " + owner + ": " + field + "=" + value);
            }
            copy.put(field, value);
        });
        return copy;
    }
}
