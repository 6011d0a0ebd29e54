package org.vmpooler.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Builds the {@link VmpoolerConfig} once at start-up: picks the source ({@link ConfigSource}), reads it with
 * both key spellings ({@link YamlDocumentReader}), deep-merges the {@code extra_config} files
 * ({@link DeepMerge}), applies the environment ({@link EnvironmentOverrides}) and reads and validates each
 * section. Every problem names the key, the value and the source, and all of them
 * are found in one pass ({@link ConfigProblems}).
 */
public final class ConfigLoader {
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

    /**
     * Loads and logs the warnings and the "configuration loaded" line; every error at once in one
     * {@link ConfigException}.
     */
    public VmpoolerConfig load(Map<String, String> env, Path workingDirectory) {
        ConfigCheck check = check(env, workingDirectory);
        VmpoolerConfig config = check.orThrow();
        check.logLoaded();
        return config;
    }

    /** Reads the configuration as {@link #load} does, but returns the problems instead of throwing or logging. */
    public ConfigCheck check(Map<String, String> env, Path workingDirectory) {
        ConfigProblems problems = new ConfigProblems();
        List<String> sources = new ArrayList<>();
        Optional<VmpoolerConfig> config = problems.attempt(() -> {
            ConfigSource base = ConfigSource.resolve(env, workingDirectory);
            sources.add(base.description());
            Map<String, Object> document = YamlDocumentReader.read(base.yamlText(), base.description());
            document = mergeExtraConfig(document, env, workingDirectory, sources, problems);
            String source = String.join(" + ", sources);
            document = EnvironmentOverrides.apply(document, env, source, problems);
            return build(new Settings(document, "", source), env, problems);
        });
        return new ConfigCheck(config, problems,
                sources.isEmpty() ? "(no configuration)" : String.join(" + ", sources));
    }

    private static Map<String, Object> mergeExtraConfig(Map<String, Object> document, Map<String, String> env,
                                                        Path workingDirectory, List<String> sources,
                                                        ConfigProblems problems) {
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
                problems.error("the extra configuration file " + file + " (from "
                        + (env.containsKey("EXTRA_CONFIG") ? "EXTRA_CONFIG" : ":config: > extra_config in "
                        + sources.getFirst()) + ") does not exist or is not a file");
                continue;
            }
            Optional<Map<String, Object>> extraDocument = problems.attempt(() -> {
                ConfigSource extraSource = ConfigSource.fromFile(file);
                Map<String, Object> read = YamlDocumentReader.read(extraSource.yamlText(), extraSource.description());
                sources.add(extraSource.description());
                return read;
            });
            if (extraDocument.isPresent()) {
                merged = DeepMerge.merge(merged, extraDocument.get());
            }
        }
        return merged;
    }

    /**
     * Reads every section, each on its own: a mistake in one does not hide those of the others. The result is
     * null when a section could not be read at all; pools with errors are left out of it.
     */
    private VmpoolerConfig build(Settings document, Map<String, String> env, ConfigProblems problems) {
        warnUnknownSections(document, problems);
        Optional<Settings> config = problems.attempt(() -> SectionReader.topLevel(document, "config"));
        config.ifPresent(c -> problems.check(() -> rejectRemovedDomain(c, env)));
        Optional<GlobalConfig> global = config.flatMap(c -> problems.attempt(() -> GlobalConfigReader.read(c, problems)));
        Optional<Map<String, ProviderConfig>> providers = global.flatMap(g -> problems.attempt(() ->
                ProvidersReader.read(document, g, problems)));
        Optional<Map<String, DnsConfig>> dnsConfigs = problems.attempt(() -> DnsConfigsReader.read(document, problems));
        Optional<List<PoolConfig>> pools = global.flatMap(g -> providers.flatMap(p -> dnsConfigs.flatMap(d ->
                problems.attempt(() -> PoolsReader.read(document, g, p, d, problems)))));
        Optional<Optional<RedisConfig>> redis = problems.attempt(() -> RedisConfigReader.read(document, problems));
        Optional<Optional<AuthConfig>> auth = problems.attempt(() -> AuthConfigReader.read(document, env, problems));
        Optional<MetricsConfig> metrics = problems.attempt(() -> MetricsConfigReader.metrics(document, problems));
        Optional<Optional<GraphsConfig>> graphs = problems.attempt(() -> MetricsConfigReader.graphs(document, problems));
        Optional<TracingConfig> tracing = problems.attempt(() -> TracingConfigReader.read(document, problems));
        Optional<Map<String, java.util.regex.Pattern>> tagFilters = problems.attempt(() -> TagFilterReader.read(document));
        Optional<RateLimits> rateLimits = problems.attempt(() -> RateLimitsReader.read(document, problems));
        Optional<ServerConfig> server = config.flatMap(c -> problems.attempt(() ->
                ServerConfigReader.read(c, env, problems)));
        if (Stream.of(global, pools, providers, dnsConfigs, redis, auth, metrics, graphs, tracing, tagFilters,
                rateLimits, server).anyMatch(Optional::isEmpty)) {
            return null;
        }
        return new VmpoolerConfig(global.orElseThrow(), pools.orElseThrow(), providers.orElseThrow(),
                dnsConfigs.orElseThrow(), redis.orElseThrow(), auth.orElseThrow(), metrics.orElseThrow(),
                graphs.orElseThrow(), tracing.orElseThrow(), tagFilters.orElseThrow(), rateLimits.orElseThrow(),
                server.orElseThrow(), document, document.source(), clock.instant());
    }

    private static void warnUnknownSections(Settings document, ConfigProblems problems) {
        for (String key : document.keys()) {
            if (!KNOWN_SECTIONS.contains(key)) {
                problems.warn("unknown top-level section ':" + key + ":' in " + document.source() + " is ignored"
                        + KeySuggestion.closest(key, KNOWN_SECTIONS).map(k -> " (did you mean ':" + k + ":'?)")
                        .orElse(""));
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
