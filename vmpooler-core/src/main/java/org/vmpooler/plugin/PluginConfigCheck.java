package org.vmpooler.plugin;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import org.vmpooler.config.ConfigProblems;
import org.vmpooler.config.DnsConfig;
import org.vmpooler.config.KeySuggestion;
import org.vmpooler.config.PoolConfig;
import org.vmpooler.config.ProviderConfig;
import org.vmpooler.config.Settings;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.dns.DnsPluginFactory;
import org.vmpooler.provider.ProviderFactory;

/**
 * The half of the configuration check that needs the plugins: every {@code provider_class} and {@code dns_class}
 * is offered by a plugin, each plugin's own keys are known to it and valid, and each pool's keys are the engine's
 * or its provider's. It only reads; nothing connects anywhere, so {@code check-config} can run it on any machine.
 */
public final class PluginConfigCheck {

    private PluginConfigCheck() {
    }

    public static void check(VmpoolerConfig config, Plugins plugins, ConfigProblems problems) {
        Map<String, ProviderFactory> providerClasses = byClass(plugins.providerFactories(),
                ProviderFactory::providerClass);
        Map<String, DnsPluginFactory> dnsClasses = byClass(plugins.dnsFactories(), DnsPluginFactory::dnsClass);
        Set<String> usedInstances = new HashSet<>();
        config.pools().forEach(pool -> usedInstances.add(pool.provider()));
        for (ProviderConfig provider : config.providers().values()) {
            // The implicit dummy instance is only a problem when a pool uses it.
            if (!provider.settings().keys().isEmpty() || usedInstances.contains(provider.name())) {
                providerFactory(provider, providerClasses, plugins, problems)
                        .ifPresent(factory -> checkProvider(provider, factory, problems));
            }
        }
        for (DnsConfig dns : config.dnsConfigs().values()) {
            if (dns.dynamic()) {
                warnUnknown(dns.settings(), DnsConfig.ENGINE_KEYS, problems);
                continue;
            }
            Optional<DnsPluginFactory> factory = find(dnsClasses, dns.dnsClass());
            if (factory.isEmpty()) {
                problems.error("dns config " + dns.name() + " has dns_class '" + dns.dnsClass() + "' in "
                        + dns.settings().source() + ", which no DNS plugin offers (searched " + plugins.searched()
                        + "); available: " + names(dnsClasses) + " and " + DnsConfig.DYNAMIC_DNS
                        + hint(dns.dnsClass(), dnsClasses, DnsConfig.DYNAMIC_DNS));
                continue;
            }
            if (!factory.get().settingKeys().isEmpty()) {
                warnUnknown(dns.settings(), union(DnsConfig.ENGINE_KEYS, factory.get().settingKeys()), problems);
            }
            problems.check(() -> factory.get().checkSettings(dns));
        }
        for (PoolConfig pool : config.pools()) {
            Optional.ofNullable(config.providers().get(pool.provider()))
                    .flatMap(provider -> find(providerClasses, provider.providerClass()))
                    .ifPresent(factory -> warnUnknownPoolKeys(pool, factory, problems));
        }
    }

    private static Optional<ProviderFactory> providerFactory(ProviderConfig provider,
                                                             Map<String, ProviderFactory> classes, Plugins plugins,
                                                             ConfigProblems problems) {
        Optional<ProviderFactory> factory = find(classes, provider.providerClass());
        if (factory.isEmpty()) {
            problems.error("provider " + provider.name() + " has provider_class '" + provider.providerClass()
                    + "' in " + provider.settings().source() + ", which no provider plugin offers (searched "
                    + plugins.searched() + "); available: " + names(classes)
                    + hint(provider.providerClass(), classes, null) + "; a plugin jar goes in the plugins folder"
                    + " (bin/vmpooler plugins lists what is found)");
        }
        return factory;
    }

    private static void checkProvider(ProviderConfig provider, ProviderFactory factory, ConfigProblems problems) {
        if (!factory.settingKeys().isEmpty()) {
            warnUnknown(provider.settings(), union(ProviderConfig.ENGINE_KEYS, factory.settingKeys()), problems);
        }
        problems.check(() -> factory.checkSettings(provider));
    }

    /** Keys unknown to both the engine and a plugin that declared its keys (undeclared plugins accept all). */
    private static void warnUnknown(Settings settings, Set<String> known, ConfigProblems problems) {
        settings.keys().stream().filter(key -> !known.contains(key))
                .forEach(key -> problems.warn(KeySuggestion.unknownKey(settings, key, known)));
    }

    /**
     * A pool key the engine does not read and the provider did not declare. Keys one slip away from an engine
     * key were already reported while reading the pools.
     */
    private static void warnUnknownPoolKeys(PoolConfig pool, ProviderFactory factory, ConfigProblems problems) {
        if (factory.poolKeys().isEmpty()) {
            return;
        }
        Set<String> known = union(PoolConfig.KEYS, factory.poolKeys());
        pool.settings().keys().stream().filter(key -> !known.contains(key))
                .filter(key -> KeySuggestion.closest(key, PoolConfig.KEYS).isEmpty())
                .forEach(key -> problems.warn(KeySuggestion.unknownKey(pool.settings(), key, known)));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static <T> Map<String, T> byClass(List<T> factories, Function<T, String> name) {
        Map<String, T> byClass = new TreeMap<>();
        factories.forEach(factory -> byClass.putIfAbsent(name.apply(factory).toLowerCase(Locale.ROOT), factory));
        return byClass;
    }

    private static <T> Optional<T> find(Map<String, T> byClass, String name) {
        return Optional.ofNullable(byClass.get(name.toLowerCase(Locale.ROOT)));
    }

    private static List<String> names(Map<String, ?> byClass) {
        return List.copyOf(byClass.keySet());
    }

    private static String hint(String typed, Map<String, ?> byClass, String extra) {
        Set<String> known = new HashSet<>(byClass.keySet());
        if (extra != null) {
            known.add(extra);
        }
        return KeySuggestion.hint(typed, known);
    }
}
