package org.vmpooler.api.status;

import java.util.List;
import java.util.Optional;

import org.vmpooler.config.PoolConfig;

/**
 * A pool's {@code alias} as the configuration wrote it: a single string stays a string and a list stays a list,
 * because {@code /status} and {@code /poolstat} echo it in that shape.
 */
final class PoolAliases {
    private PoolAliases() {
    }

    static Optional<Object> asConfigured(PoolConfig pool) {
        Optional<Object> raw = pool.settings().raw("alias");
        if (raw.isPresent() && raw.get() instanceof String single) {
            return Optional.of(single);
        }
        if (pool.aliases().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(List.copyOf(pool.aliases()));
    }

    /** Whether the pool is one of {@code names} or carries one of them as an alias. */
    static boolean matches(PoolConfig pool, List<String> names) {
        return names.contains(pool.name()) || pool.aliases().stream().anyMatch(names::contains);
    }
}
