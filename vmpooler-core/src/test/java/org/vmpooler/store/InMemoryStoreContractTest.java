package org.vmpooler.store;

import org.junit.jupiter.api.Nested;

import org.vmpooler.testing.MutableClock;

/** The in-memory store held to every aggregate's contract; its expiry follows the injected clock. */
class InMemoryStoreContractTest {

    @Nested
    class VmQueues extends VmQueuesContract {
        @Override
        protected Store newStore(MutableClock clock) {
            return new InMemoryStore(clock);
        }
    }

    @Nested
    class VmLifecycle extends VmLifecycleContract {
        @Override
        protected Store newStore(MutableClock clock) {
            return new InMemoryStore(clock);
        }
    }

    @Nested
    class CloneSlots extends CloneSlotsContract {
        @Override
        protected Store newStore(MutableClock clock) {
            return new InMemoryStore(clock);
        }
    }

    @Nested
    class PoolSettings extends PoolSettingsContract {
        @Override
        protected Store newStore(MutableClock clock) {
            return new InMemoryStore(clock);
        }
    }

    @Nested
    class Statistics extends StatisticsContract {
        @Override
        protected Store newStore(MutableClock clock) {
            return new InMemoryStore(clock);
        }
    }

    @Nested
    class Tokens extends TokensContract {
        @Override
        protected Store newStore(MutableClock clock) {
            return new InMemoryStore(clock);
        }
    }

    @Nested
    class OndemandRequests extends OndemandRequestsContract {
        @Override
        protected Store newStore(MutableClock clock) {
            return new InMemoryStore(clock);
        }
    }

    @Nested
    class Operations extends OperationsContract {
        @Override
        protected Store newStore(MutableClock clock) {
            return new InMemoryStore(clock);
        }
    }

    @Nested
    class PoolLeases extends PoolLeasesContract {
        @Override
        protected Store newStore(MutableClock clock) {
            return new InMemoryStore(clock);
        }
    }
}
