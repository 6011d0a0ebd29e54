package org.vmpooler.server;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.redis.RedisStore;
import org.vmpooler.store.InMemoryStore;
import org.vmpooler.store.Store;

/** Chooses the store: Redis when {@code :redis:} (or REDIS_SERVER) is configured, else the in-memory store. */
final class StoreFactory {
    private static final Logger LOG = LoggerFactory.getLogger(StoreFactory.class);

    private StoreFactory() {
    }

    static Store open(VmpoolerConfig config, Clock clock) {
        return config.redis().<Store>map(redis -> RedisStore.connect(redis, clock)).orElseGet(() -> {
            LOG.warn("no :redis: configured: using the in-memory store; state is lost at exit and cannot be shared "
                    + "between processes");
            return new InMemoryStore(clock);
        });
    }
}
