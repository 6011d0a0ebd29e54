package org.vmpooler.provider;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.config.ConfigException;
import org.vmpooler.config.PoolConfig;
import org.vmpooler.config.ProviderConfig;
import org.vmpooler.config.Settings;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.metrics.Metrics;

/**
 * The provider instances of a running manager: one per {@code :providers:} entry that a pool uses, shared by all
 * pools naming it, each wrapped in its circuit breaker and call metrics. Provider classes are found with
 * {@link ServiceLoader}; every configured {@code provider_class} is checked at start, so a typo fails here with
 * the classes that are available and where they were looked for, instead of much later in a pool thread.
 */
public final class ProviderRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderRegistry.class);

    private final Map<String, GuardedProvider> byInstance;
    private final Map<String, String> instanceOfPool;

    private ProviderRegistry(Map<String, GuardedProvider> byInstance, Map<String, String> instanceOfPool) {
        this.byInstance = Collections.unmodifiableMap(byInstance);
        this.instanceOfPool = Map.copyOf(instanceOfPool);
    }

    /** Builds the providers with the factories on the class path. */
    public static ProviderRegistry load(VmpoolerConfig config, Metrics metrics, Clock clock) {
        return load(config, metrics, clock, ServiceLoader.load(ProviderFactory.class));
    }

    /** Builds the providers with the given factories (the class path's ones, or a test's). */
    public static ProviderRegistry load(VmpoolerConfig config, Metrics metrics, Clock clock,
                                        Iterable<ProviderFactory> factories) {
        return load(config, metrics, clock, factories, "the class path");
    }

    /**
     * Builds the providers with the given factories, found in {@code searched} (say, the class path and the
     * plugins folders): an unknown {@code provider_class} names it, so a jar in the wrong folder is easy to see.
     */
    public static ProviderRegistry load(VmpoolerConfig config, Metrics metrics, Clock clock,
                                        Iterable<ProviderFactory> factories, String searched) {
        Map<String, ProviderFactory> byClass = indexByClass(factories);
        for (ProviderConfig instance : config.providers().values()) {
            factoryFor(instance, byClass, searched);
        }
        Map<String, GuardedProvider> byInstance = new LinkedHashMap<>();
        Map<String, String> instanceOfPool = new LinkedHashMap<>();
        Map<String, Duration> timeouts = new HashMap<>();
        config.pools().forEach(pool -> timeouts.put(pool.name(), pool.timeout()));
        for (PoolConfig pool : config.pools()) {
            instanceOfPool.put(pool.name(), pool.provider());
            byInstance.computeIfAbsent(pool.provider(), name -> {
                ProviderConfig instance = instanceConfig(config, name);
                ProviderFactory factory = factoryFor(instance, byClass, searched);
                LOG.info("Creating provider {} of class {} (used by pool {})", name, instance.providerClass(),
                        pool.name());
                Provider provider = create(factory, new ProviderContext(instance, config, metrics, clock));
                return new GuardedProvider(provider, breakerFor(instance, metrics, clock), metrics,
                        config.global().providerCalls(),
                        poolName -> timeouts.getOrDefault(poolName, config.global().lifecycle().timeout()));
            });
        }
        return new ProviderRegistry(byInstance, instanceOfPool);
    }

    /** The guarded provider instance serving the pool. */
    public Provider forPool(String pool) {
        String instance = instanceOfPool.get(pool);
        if (instance == null) {
            throw new NoSuchElementException("pool " + pool + " is not configured, so it has no provider");
        }
        return byInstance.get(instance);
    }

    /** The guarded provider instance of that {@code :providers:} name; only instances used by a pool exist. */
    public Provider named(String providerName) {
        GuardedProvider provider = byInstance.get(providerName);
        if (provider == null) {
            throw new NoSuchElementException("no pool uses a provider named " + providerName
                    + "; provider instances in use: " + byInstance.keySet());
        }
        return provider;
    }

    public Collection<Provider> all() {
        return List.copyOf(byInstance.values());
    }

    /** The circuit breaker of the instance; empty when it is disabled or no pool uses the instance. */
    public Optional<CircuitBreaker> breakerOf(String providerName) {
        return Optional.ofNullable(byInstance.get(providerName)).flatMap(GuardedProvider::breaker);
    }

    /** The instance's connection pool, for the monitor; empty when the provider does not use one. */
    public Optional<ProviderConnectionPool> connectionPoolOf(String providerName) {
        return Optional.ofNullable(byInstance.get(providerName)).flatMap(GuardedProvider::connectionPool);
    }

    /** Closes every instance once the manager has stopped; one that fails or hangs is reported and left. */
    @Override
    public void close() {
        for (GuardedProvider provider : byInstance.values()) {
            try {
                provider.close();
            } catch (RuntimeException e) {
                LOG.warn("Provider {} did not close cleanly: {}", provider.name(), e.toString());
            }
        }
    }

    /** A plugin that cannot start stops the manager's start with an error that says which instance it was. */
    private static Provider create(ProviderFactory factory, ProviderContext context) {
        try {
            return factory.create(context);
        } catch (ConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ConfigException("provider " + context.provider().name() + " of class "
                    + context.provider().providerClass() + " could not be created: " + e.getMessage(), e);
        }
    }

    private static Map<String, ProviderFactory> indexByClass(Iterable<ProviderFactory> factories) {
        Map<String, ProviderFactory> byClass = new TreeMap<>();
        for (ProviderFactory factory : factories) {
            ProviderFactory clash = byClass.putIfAbsent(key(factory.providerClass()), factory);
            if (clash != null) {
                throw new ConfigException("provider class " + factory.providerClass() + " is offered twice, by "
                        + clash.getClass().getName() + " and " + factory.getClass().getName()
                        + "; remove one of their jars (bin/vmpooler plugins shows where each class comes from)");
            }
        }
        return byClass;
    }

    private static ProviderFactory factoryFor(ProviderConfig instance, Map<String, ProviderFactory> byClass,
                                              String searched) {
        ProviderFactory factory = byClass.get(key(instance.providerClass()));
        if (factory == null) {
            throw new ConfigException("provider " + instance.name() + " has provider_class '"
                    + instance.providerClass() + "', which no provider plugin offers (searched " + searched
                    + "); available: " + byClass.values().stream().map(ProviderFactory::providerClass).toList());
        }
        return factory;
    }

    /**
     * A pool may name a provider that has no {@code :providers:} section (the reference's default {@code dummy});
     * such an instance is of the class of its name, with the global circuit-breaker settings and no own keys.
     */
    private static ProviderConfig instanceConfig(VmpoolerConfig config, String name) {
        ProviderConfig configured = config.providers().get(name);
        if (configured != null) {
            return configured;
        }
        return new ProviderConfig(name, name, false, List.of(), false, config.global().circuitBreaker(),
                Settings.empty(":providers: > :" + name + ":"));
    }

    private static Optional<CircuitBreaker> breakerFor(ProviderConfig instance, Metrics metrics, Clock clock) {
        if (!instance.circuitBreaker().enabled()) {
            return Optional.empty();
        }
        return Optional.of(new CircuitBreaker(instance.name(), instance.circuitBreaker(),
                ProviderRegistry::countsAgainstProvider, metrics, clock));
    }

    /**
     * A permanent error (unknown template, a pool's bad settings) proves the provider answered; counting it would
     * let one misconfigured pool cut every pool of the instance off its provider.
     */
    private static boolean countsAgainstProvider(Throwable error) {
        return !(error instanceof ProviderException pe && pe.permanent());
    }

    private static String key(String providerClass) {
        return providerClass.toLowerCase(Locale.ROOT);
    }
}
