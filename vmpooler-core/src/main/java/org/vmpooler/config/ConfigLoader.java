package org.vmpooler.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the {@link VmpoolerConfig} once at start-up: picks the source ({@link ConfigSource}), reads it with
 * both key spellings ({@link YamlDocumentReader}), deep-merges the {@code extra_config} files
 * ({@link DeepMerge}), applies the environment ({@link EnvironmentOverrides}) and reads and validates each
 * section. Every problem is a {@link ConfigException} naming the key, the value and the source.
 */
public final class ConfigLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);

    private static final Set<String> KNOWN_SECTIONS = Set.of("config", "pools", "providers", "dns_configs", "redis", "statsd",
            "graphite", "graphs", "prometheus", "auth", "tagfilter", "tracing", "rate_limits", "vsphere");

    private final Clock clock;

    public ConfigLoader() {
        this(Clock.systemUTC());
    }

    public ConfigLoader(Clock clock) {
        this.clock = clock;
    }

    /** Loads from the process environment and the current directory. */
    public VmpoolerConfig load() {
        return load(System.getenv(), Path.of("").toAbsolutePath());
    }

    public VmpoolerConfig load(Map<String, String> env, Path workingDirectory) {
        ConfigSource base = ConfigSource.resolve(env, workingDirectory);
        Map<String, Object> document = YamlDocumentReader.read(base.yamlText(), base.description());
        List<String> sources = new ArrayList<>(List.of(base.description()));
        document = mergeExtraConfig(document, env, workingDirectory, sources);
        String source = String.join(" + ", sources);
        document = EnvironmentOverrides.apply(document, env, source);
        VmpoolerConfig config = build(new Settings(document, "", source), env);
        LOG.info("configuration loaded from {}: {} pools, {} provider instances, {} store", source,
                config.pools().size(), config.providers().size(), config.redis().isPresent() ? "Redis" : "in-memory");
        return config;
    }

    private static Map<String, Object> mergeExtraConfig(Map<String, Object> document, Map<String, String> env,
                                                        Path workingDirectory, List<String> sources) {
        Settings config = SectionReader.topLevel(new Settings(document, "", sources.getFirst()), "config");
        String extra = env.getOrDefault("EXTRA_CONFIG", config.string("extra_config").orElse(null));
        if (extra == null) {
            return document;
        }
        Map<String, Object> merged = document;
        for (String entry : extra.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            Path file = workingDirectory.resolve(entry.trim());
            if (!Files.isRegularFile(file)) {
                throw new ConfigException("the extra configuration file " + file + " (from "
                        + (env.containsKey("EXTRA_CONFIG") ? "EXTRA_CONFIG" : ":config: > extra_config in "
                        + sources.getFirst()) + ") does not exist or is not a file");
            }
            ConfigSource extraSource = ConfigSource.fromFile(file);
            merged = DeepMerge.merge(merged, YamlDocumentReader.read(extraSource.yamlText(),
                    extraSource.description()));
            sources.add(extraSource.description());
        }
        return merged;
    }

    private VmpoolerConfig build(Settings document, Map<String, String> env) {
        warnUnknownSections(document);
        Settings config = SectionReader.topLevel(document, "config");
        rejectRemovedDomain(config, env);
        GlobalConfig global = GlobalConfigReader.read(config);
        Map<String, ProviderConfig> providers = ProvidersReader.read(document, global);
        Map<String, DnsConfig> dnsConfigs = DnsConfigsReader.read(document);
        List<PoolConfig> pools = PoolsReader.read(document, global, providers, dnsConfigs);
        return new VmpoolerConfig(global, pools, providers, dnsConfigs, RedisConfigReader.read(document),
                AuthConfigReader.read(document, env), MetricsConfigReader.metrics(document),
                MetricsConfigReader.graphs(document), TracingConfigReader.read(document),
                TagFilterReader.read(document), RateLimitsReader.read(document), ServerConfigReader.read(config, env),
                document, document.source(), clock.instant());
    }

    private static void warnUnknownSections(Settings document) {
        for (String key : document.keys()) {
            if (!KNOWN_SECTIONS.contains(key)) {
                LOG.warn("unknown top-level section ':{}:' in {} is ignored", key, document.source());
            }
        }
    }

    private static void rejectRemovedDomain(Settings config, Map<String, String> env) {
        String where = env.get("DOMAIN") != null ? "environment variable DOMAIN"
                : config.has("domain") ? ":config: > domain in " + config.source() : null;
        if (where != null) {
            throw new ConfigException(where + " is no longer supported: since vmpooler 3 the domain belongs to a"
                    + " DNS config. Move it to a :dns_configs: entry (e.g. :dns_configs: > :example: > dns_class:"
                    + " dynamic-dns, domain: example.com) and set dns_plugin: example on each pool");
        }
    }
}
