package org.vmpooler.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pools as the manager publishes them in the store for API processes started without {@code :pools:}, and
 * back. Published fields are the pool's keys as text, {@code alias} comma-joined, plus the pool's
 * {@code domain}. The reference never wrote the aliases and crashed reading them back; here they round-trip.
 * Secret values (an {@code admin_password}, a {@code vm_credential} …) are published redacted by
 * {@link ConfigRedactor}: any client of the store can read the hash, and the API needs none of them.
 */
public final class PublishedPools {
    private static final String SOURCE = "the pools published in the store";

    private PublishedPools() {
    }

    /** Pool name → published fields, for {@code Store.publishPools}. */
    public static Map<String, Map<String, String>> of(VmpoolerConfig config) {
        Map<String, Map<String, String>> result = new LinkedHashMap<>();
        for (PoolConfig pool : config.pools()) {
            Map<String, String> fields = new LinkedHashMap<>();
            pool.settings().asMap().forEach((key, value) -> {
                if (value != null && !key.equals("alias")) {
                    fields.put(key, text(ConfigRedactor.redactEntry(key, value)));
                }
            });
            if (!pool.aliases().isEmpty()) {
                fields.put("alias", String.join(",", pool.aliases()));
            }
            config.domainFor(pool.name()).ifPresent(domain -> fields.put("domain", domain));
            result.put(pool.name(), fields);
        }
        return result;
    }

    /**
     * {@code config} with its pools read from published fields (pool name → fields). A pool whose provider or
     * DNS config is not in this process's configuration still works for the API: its provider is recorded by
     * name only and its domain comes from the published {@code domain}.
     */
    public static VmpoolerConfig withPublishedPools(VmpoolerConfig config,
                                                    Map<String, Map<String, String>> published) {
        Map<String, ProviderConfig> providers = new LinkedHashMap<>(config.providers());
        Map<String, DnsConfig> dnsConfigs = new LinkedHashMap<>(config.dnsConfigs());
        List<Map<String, Object>> entries = new ArrayList<>();
        new TreeMap<>(published).forEach((name, fields) -> {
            Map<String, Object> entry = new LinkedHashMap<>(fields);
            entry.put("name", name);
            entry.remove("domain");
            if (fields.containsKey("alias")) {
                entry.put("alias", Arrays.stream(fields.get("alias").split(",")).map(String::trim)
                        .filter(alias -> !alias.isEmpty()).toList());
            }
            String provider = fields.getOrDefault("provider", ProvidersReader.DUMMY);
            providers.computeIfAbsent(provider, p -> new ProviderConfig(p, p, false, List.of(), false,
                    config.global().circuitBreaker(), Settings.empty(":providers: > " + p)));
            String dnsPlugin = fields.get("dns_plugin");
            String domain = fields.get("domain");
            if (dnsPlugin != null && domain != null) {
                // This process registers no DNS records; it only needs the domain for FQDNs.
                dnsConfigs.computeIfAbsent(dnsPlugin, d -> new DnsConfig(d, DnsConfig.DYNAMIC_DNS, domain,
                        Settings.empty(":dns_configs: > " + d)));
            }
            entries.add(entry);
        });
        ConfigProblems problems = new ConfigProblems();
        List<PoolConfig> pools = PoolsReader.read(entries, SOURCE, config.global(), providers, dnsConfigs, problems);
        problems.throwIfErrors();
        return new VmpoolerConfig(config.global(), pools, providers, dnsConfigs, config.redis(), config.auth(),
                config.metrics(), config.graphs(), config.tracing(), config.tagFilters(), config.rateLimits(),
                config.server(), config.document(), config.source() + " + " + SOURCE, config.loadedAt());
    }

    private static String text(Object value) {
        return value instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                : value.toString();
    }
}
