package org.vmpooler.server;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.config.PublishedPools;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.store.PoolSettings;

/**
 * The pools an API process serves: its own {@code :pools:}, or, as the reference does when the section is absent,
 * the pools a manager published in the store. An API started at the same time as its manager waits a little for
 * the publication rather than come up serving nothing; past the wait it serves none and says so (its readiness
 * probe then stays false: restart it once a manager runs).
 */
final class ServedPools {

    static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Logger LOG = LoggerFactory.getLogger(ServedPools.class);

    private ServedPools() {
    }

    static VmpoolerConfig of(VmpoolerConfig config, PoolSettings store, Duration wait) {
        if (!config.pools().isEmpty()) {
            return config;
        }
        Instant giveUp = Instant.now().plus(wait);
        Set<String> names = store.publishedPools();
        if (names.isEmpty()) {
            LOG.info("no :pools: configured: waiting up to {}s for a manager to publish its pools in the store",
                    wait.toSeconds());
        }
        while (names.isEmpty() && Instant.now().isBefore(giveUp)) {
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            names = store.publishedPools();
        }
        if (names.isEmpty()) {
            LOG.warn("no :pools: configured and no manager has published any in the store: this API serves no pool "
                    + "until it is restarted after a manager has started");
            return config;
        }
        Map<String, Map<String, String>> published = new LinkedHashMap<>();
        names.forEach(name -> published.put(name, store.publishedPool(name)));
        VmpoolerConfig served = PublishedPools.withPublishedPools(config, published);
        LOG.info("no :pools: configured: serving the {} pool(s) a manager published: {}", served.pools().size(),
                served.poolNames());
        return served;
    }
}
