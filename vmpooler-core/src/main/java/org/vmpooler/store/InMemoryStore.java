package org.vmpooler.store;

import java.time.Clock;
import java.util.Objects;

/**
 * The embedded {@link Store}: everything in this process's memory, lost at exit. It keeps the data exactly as
 * the reference keeps it in Redis (same keys, same types, same value formats; see {@link Keys}) so that it
 * behaves like the Redis store in every observable way. One class per aggregate ({@code InMemoryVmQueues},
 * {@code InMemoryVmLifecycle}, ...) works on one shared keyspace under one lock, which makes each method atomic;
 * expiry follows the injected clock, whose zone also formats the stored times.
 */
public final class InMemoryStore extends ComposedStore {

    public InMemoryStore(Clock clock) {
        this(new LockedKeyspace(Objects.requireNonNull(clock, "clock")));
    }

    private InMemoryStore(LockedKeyspace data) {
        this(data, new InMemoryOndemandRequests(data));
    }

    private InMemoryStore(LockedKeyspace data, InMemoryOndemandRequests ondemand) {
        this(data, ondemand, new InMemoryVmQueues(data), new InMemoryVmLifecycle(data, ondemand));
    }

    private InMemoryStore(LockedKeyspace data, InMemoryOndemandRequests ondemand, InMemoryVmQueues queues,
                          InMemoryVmLifecycle lifecycle) {
        super(queues, lifecycle, new InMemoryCloneSlots(data),
                new InMemoryPoolSettings(data), new InMemoryStatistics(data, ondemand), new InMemoryTokens(data),
                ondemand, new InMemoryOperations(data), new InMemoryPoolLeases(data, queues, lifecycle));
    }

    @Override
    public boolean ping() {
        return true;
    }

    @Override
    public void close() {
        // nothing to release: the data lives and dies with this object
    }
}
