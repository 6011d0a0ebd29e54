package org.vmpooler.provider;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

import org.vmpooler.config.PoolConfig;
import org.vmpooler.config.ProviderConfig;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.provider.capability.Capability;

/**
 * What each configured pool's provider can do, known from the provider classes alone: an API process answers a
 * request its pool's provider cannot carry out without creating providers or asking a manager. A pool this
 * process does not configure, or whose class it cannot find, is let through for the manager to decide.
 */
public final class PoolCapabilities {

    private record Served(String provider, String providerClass, Optional<Set<Capability>> offered) {
    }

    private final Map<String, Served> byPool;

    private PoolCapabilities(Map<String, Served> byPool) {
        this.byPool = Map.copyOf(byPool);
    }

    public static PoolCapabilities of(VmpoolerConfig config) {
        return of(config, ServiceLoader.load(ProviderFactory.class));
    }

    public static PoolCapabilities of(VmpoolerConfig config, Iterable<ProviderFactory> factories) {
        Map<String, Set<Capability>> byClass = new HashMap<>();
        factories.forEach(f -> byClass.put(f.providerClass().toLowerCase(Locale.ROOT), f.capabilities()));
        Map<String, Served> byPool = new HashMap<>();
        for (PoolConfig pool : config.pools()) {
            String providerClass = Optional.ofNullable(config.providers().get(pool.provider()))
                    .map(ProviderConfig::providerClass).orElse(pool.provider());
            byPool.put(pool.name(), new Served(pool.provider(), providerClass,
                    Optional.ofNullable(byClass.get(providerClass.toLowerCase(Locale.ROOT)))));
        }
        return new PoolCapabilities(byPool);
    }

    /** A capability the pool's provider lacks. */
    public record Missing(String pool, String provider, String providerClass, Capability capability) {
        public String message() {
            return "pool '" + pool + "' is served by provider '" + provider + "' of class " + providerClass
                    + ", which does not offer " + capability.wireName();
        }
    }

    /** What the pool lacks for {@code capability}; empty when it has it, or when this process cannot tell. */
    public Optional<Missing> missing(String pool, Capability capability) {
        Served served = byPool.get(pool);
        if (served == null || served.offered().isEmpty() || served.offered().get().contains(capability)) {
            return Optional.empty();
        }
        return Optional.of(new Missing(pool, served.provider(), served.providerClass(), capability));
    }
}
