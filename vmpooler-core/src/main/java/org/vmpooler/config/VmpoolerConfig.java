package org.vmpooler.config;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The whole configuration, parsed and validated once at start-up. Every pool's {@code dns_plugin} names a
 * DNS config and every pool's {@code provider} names a provider instance (validated); {@code aliases} maps
 * each alias to its pools in configuration order. {@code redis} is empty when vmpooler runs on the
 * in-memory store. {@code document} is the merged YAML document, for {@code /full_config} (which redacts it).
 */
public record VmpoolerConfig(GlobalConfig global, List<PoolConfig> pools, Map<String, ProviderConfig> providers,
                             Map<String, DnsConfig> dnsConfigs, Optional<RedisConfig> redis,
                             Optional<AuthConfig> auth, MetricsConfig metrics, Optional<GraphsConfig> graphs,
                             TracingConfig tracing, Map<String, Pattern> tagFilters, RateLimits rateLimits,
                             ServerConfig server, Settings document, String source, Instant loadedAt) {

    public VmpoolerConfig {
        pools = List.copyOf(pools);
        providers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(providers));
        dnsConfigs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(dnsConfigs));
        tagFilters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tagFilters));
    }

    public Optional<PoolConfig> pool(String name) {
        return pools.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public List<String> poolNames() {
        return pools.stream().map(PoolConfig::name).toList();
    }

    /** Alias → pools that carry it, in configuration order. */
    public Map<String, List<String>> aliases() {
        Map<String, List<String>> aliases = new LinkedHashMap<>();
        for (PoolConfig pool : pools) {
            for (String alias : pool.aliases()) {
                aliases.computeIfAbsent(alias, a -> new java.util.ArrayList<>()).add(pool.name());
            }
        }
        aliases.replaceAll((k, v) -> List.copyOf(v));
        return java.util.Collections.unmodifiableMap(aliases);
    }

    /** Every pool name and every alias: the names a client may ask for. */
    public Set<String> requestableNames() {
        Set<String> names = new LinkedHashSet<>(poolNames());
        names.addAll(aliases().keySet());
        return names;
    }

    /** The DNS domain of a pool (from its DNS config); empty for an unknown pool. */
    public Optional<String> domainFor(String pool) {
        return pool(pool).map(p -> dnsConfigs.get(p.dnsPlugin())).map(DnsConfig::domain);
    }
}
