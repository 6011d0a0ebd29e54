package org.vmpooler.redis;

import java.time.Duration;

import org.junit.jupiter.api.extension.RegisterExtension;

import org.vmpooler.store.Store;
import org.vmpooler.store.StoreContractTest;
import org.vmpooler.testing.MutableClock;

/** The Redis store held to the same contract as the in-memory store, each test on its own database. */
class RedisStoreContractTest extends StoreContractTest {

    @RegisterExtension
    final RedisStores redis = new RedisStores();

    @Override
    protected Store newStore(MutableClock clock) {
        return redis.connect(clock);
    }

    /** Redis expires keys on its own real-time clock, so the time must really pass. */
    @Override
    protected void advance(MutableClock clock, Duration d) {
        clock.advance(d);
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while letting Redis keys expire", e);
        }
    }
}
