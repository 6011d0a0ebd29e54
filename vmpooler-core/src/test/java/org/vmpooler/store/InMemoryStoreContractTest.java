package org.vmpooler.store;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The in-memory store held to every aggregate's contract; its expiry follows the injected clock. */
class InMemoryStoreContractTest {

    @RegisterExtension
    static final StoreFixture IN_MEMORY = InMemoryStore::new;

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
