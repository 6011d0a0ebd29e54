package org.vmpooler.redis;

import java.time.Duration;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.vmpooler.store.CloneSlotsContract;
import org.vmpooler.store.OndemandRequestsContract;
import org.vmpooler.store.OperationsContract;
import org.vmpooler.store.PoolLeasesContract;
import org.vmpooler.store.PoolSettingsContract;
import org.vmpooler.store.StatisticsContract;
import org.vmpooler.store.Store;
import org.vmpooler.store.StoreFixture;
import org.vmpooler.store.TokensContract;
import org.vmpooler.store.VmLifecycleContract;
import org.vmpooler.store.VmQueuesContract;
import org.vmpooler.testing.MutableClock;

/** The Redis store held to every aggregate's contract, each test on its own database. */
class RedisStoreContractTest {

    @RegisterExtension
    final RedisStores redis = new RedisStores();

    @RegisterExtension
    final StoreFixture fixture = new StoreFixture() {
        @Override
        public Store newStore(MutableClock clock) {
            return redis.connect(clock);
        }

        /** Redis expires keys on its own real-time clock, so the time must really pass. */
        @Override
        public void advance(MutableClock clock, Duration d) {
            clock.advance(d);
            try {
                Thread.sleep(d);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while letting Redis keys expire", e);
            }
        }
    };

    @Nested
    class VmQueues extends VmQueuesContract {
    }

    @Nested
    class VmLifecycle extends VmLifecycleContract {
    }

    @Nested
    class CloneSlots extends CloneSlotsContract {
    }

    @Nested
    class PoolSettings extends PoolSettingsContract {
    }

    @Nested
    class Statistics extends StatisticsContract {
    }

    @Nested
    class Tokens extends TokensContract {
    }

    @Nested
    class OndemandRequests extends OndemandRequestsContract {
    }

    @Nested
    class Operations extends OperationsContract {
    }

    @Nested
    class PoolLeases extends PoolLeasesContract {
    }
}
