package org.vmpooler.dns;

import java.util.Collection;
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
import org.vmpooler.config.DnsConfig;
import org.vmpooler.config.PoolConfig;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.metrics.Metrics;

/**
 * The DNS plugin instances of a running manager: one per {@code :dns_configs:} entry that a pool uses, keyed by
 * the config name (the reference keyed them by class, so two zones of one class shared the first one's
 * settings). {@code dynamic-dns} configs need no plugin. Every configured {@code dns_class} is checked at start.
 */
public final class DnsRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DnsRegistry.class);

    private final Map<String, Optional<DnsPlugin>> byPool;
    /** One per config, however many pools share it. */
    private final List<DnsPlugin> plugins;

    private DnsRegistry(Map<String, Optional<DnsPlugin>> byPool, Collection<DnsPlugin> plugins) {
        this.byPool = Map.copyOf(byPool);
        this.plugins = List.copyOf(plugins);
    }

    /** Builds the plugins with the factories on the class path. */
    public static DnsRegistry load(VmpoolerConfig config, Metrics metrics) {
        return load(config, metrics, ServiceLoader.load(DnsPluginFactory.class));
    }

    /** Builds the plugins with the given factories. */
    public static DnsRegistry load(VmpoolerConfig config, Metrics metrics, Iterable<DnsPluginFactory> factories) {
        return load(config, metrics, factories, "the class path");
    }

    /** Builds the plugins with the given factories, found in {@code searched}, which an unknown class names. */
    public static DnsRegistry load(VmpoolerConfig config, Metrics metrics, Iterable<DnsPluginFactory> factories,
                                   String searched) {
        Map<String, DnsPluginFactory> byClass = indexByClass(factories);
        config.dnsConfigs().values().stream().filter(dns -> !dns.dynamic())
                .forEach(dns -> factoryFor(dns, byClass, searched));
        Map<String, DnsPlugin> byConfig = new LinkedHashMap<>();
        Map<String, Optional<DnsPlugin>> byPool = new LinkedHashMap<>();
        for (PoolConfig pool : config.pools()) {
            DnsConfig dns = config.dnsConfigs().get(pool.dnsPlugin());
            if (dns == null) {
                throw new ConfigException("pool " + pool.name() + " has dns_plugin '" + pool.dnsPlugin()
                        + "', which is not a name under :dns_configs: " + config.dnsConfigs().keySet());
            }
            if (dns.dynamic()) {
                byPool.put(pool.name(), Optional.empty());
                continue;
            }
            byPool.put(pool.name(), Optional.of(byConfig.computeIfAbsent(dns.name(), name -> {
                LOG.info("Creating DNS plugin {} of class {} for domain {} (used by pool {})", name, dns.dnsClass(),
                        dns.domain(), pool.name());
                return create(factoryFor(dns, byClass, searched), new DnsPluginContext(dns, config, metrics));
            })));
        }
        return new DnsRegistry(byPool, byConfig.values());
    }

    /** The plugin keeping the pool's records; empty for {@code dynamic-dns} pools, whose records are kept elsewhere. */
    public Optional<DnsPlugin> forPool(String pool) {
        Optional<DnsPlugin> plugin = byPool.get(pool);
        if (plugin == null) {
            throw new NoSuchElementException("pool " + pool + " is not configured, so it has no DNS plugin");
        }
        return plugin;
    }

    /** Closes every plugin once the manager has stopped; one that fails is reported and the others still closed. */
    @Override
    public void close() {
        for (DnsPlugin plugin : plugins) {
            try {
                plugin.close();
            } catch (RuntimeException e) {
                LOG.warn("DNS plugin {} did not close cleanly: {}", plugin.name(), e.toString());
            }
        }
    }

    /** A plugin that cannot start stops the manager's start with an error that says which config it was. */
    private static DnsPlugin create(DnsPluginFactory factory, DnsPluginContext context) {
        try {
            return factory.create(context);
        } catch (ConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ConfigException("dns config " + context.dns().name() + " of class " + context.dns().dnsClass()
                    + " could not be created: " + e.getMessage(), e);
        }
    }

    private static Map<String, DnsPluginFactory> indexByClass(Iterable<DnsPluginFactory> factories) {
        Map<String, DnsPluginFactory> byClass = new TreeMap<>();
        for (DnsPluginFactory factory : factories) {
            DnsPluginFactory clash = byClass.putIfAbsent(key(factory.dnsClass()), factory);
            if (clash != null) {
                throw new ConfigException("dns class " + factory.dnsClass() + " is offered twice, by "
                        + clash.getClass().getName() + " and " + factory.getClass().getName()
                        + "; remove one of their jars (bin/vmpooler plugins shows where each class comes from)");
            }
        }
        return byClass;
    }

    private static DnsPluginFactory factoryFor(DnsConfig dns, Map<String, DnsPluginFactory> byClass,
                                               String searched) {
        DnsPluginFactory factory = byClass.get(key(dns.dnsClass()));
        if (factory == null) {
            throw new ConfigException("dns config " + dns.name() + " has dns_class '" + dns.dnsClass()
                    + "', which no DNS plugin offers (searched " + searched + "); available: "
                    + byClass.values().stream().map(DnsPluginFactory::dnsClass).toList() + " and "
                    + DnsConfig.DYNAMIC_DNS);
        }
        return factory;
    }

    private static String key(String dnsClass) {
        return dnsClass.toLowerCase(Locale.ROOT);
    }
}
