package org.vmpooler.api.status;

import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.config.PoolConfig;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.domain.PoolOverride;
import org.vmpooler.domain.PoolSize;
import org.vmpooler.store.PoolSettings;

/** Each pool's target size now: the configured size unless a runtime override (experimental API) replaced it. */
public final class PoolSizes {
    private static final Logger LOG = LoggerFactory.getLogger(PoolSizes.class);

    private PoolSizes() {
    }

    public static Map<String, Integer> current(VmpoolerConfig config, PoolSettings store) {
        Map<String, String> overrides = store.overrides(PoolOverride.SIZE);
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (PoolConfig pool : config.pools()) {
            sizes.put(pool.name(), pool.size());
            String override = overrides.get(pool.name());
            if (override != null) {
                PoolSize.parse(override).ifPresentOrElse(size -> sizes.put(pool.name(), size),
                        () -> LOG.warn("[{}] ignoring unreadable size override '{}'", pool.name(), override));
            }
        }
        return sizes;
    }
}
