package org.vmpooler.domain;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the API may have changed about a pool at run time, read in one store round trip: the overrides
 * (template, size, clone target, as stored: text), the raised flags and the template last prepared for it.
 */
public record PoolRuntime(String pool, Map<PoolOverride, String> overrides, Set<PoolFlag> flags,
                          Optional<String> preparedTemplate) {
    public PoolRuntime {
        overrides = Map.copyOf(overrides);
        flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
    }

    public Optional<String> override(PoolOverride kind) {
        return Optional.ofNullable(overrides.get(kind));
    }

    public boolean flagged(PoolFlag flag) {
        return flags.contains(flag);
    }

    /** The size override when it is one ({@link PoolSize}); an unreadable one counts as none. */
    public Optional<Integer> size() {
        return override(PoolOverride.SIZE).flatMap(PoolSize::parse);
    }
}
