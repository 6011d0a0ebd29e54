package org.vmpooler.api.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.vmpooler.config.ApiSettings;
import org.vmpooler.config.AuthConfig;
import org.vmpooler.config.CircuitBreakerSettings;
import org.vmpooler.config.DlqSettings;
import org.vmpooler.config.DnsConfig;
import org.vmpooler.config.GlobalConfig;
import org.vmpooler.config.HealthCheckSettings;
import org.vmpooler.config.LifecycleSettings;
import org.vmpooler.config.LoopDelay;
import org.vmpooler.config.MetricsConfig;
import org.vmpooler.config.PoolConfig;
import org.vmpooler.config.ProvisioningSettings;
import org.vmpooler.config.PurgeSettings;
import org.vmpooler.config.RateLimits;
import org.vmpooler.config.ServerConfig;
import org.vmpooler.config.Settings;
import org.vmpooler.config.TracingConfig;
import org.vmpooler.config.VmpoolerConfig;

/** Builds the configuration records a test needs, as the loader would produce them from YAML. */
public final class TestConfig {
    private record Pool(String name, int size, String dnsPlugin, Object alias, String cloneTarget) {
    }

    private final List<Pool> pools = new ArrayList<>();
    private final Map<String, String> domains = new LinkedHashMap<>(Map.of("example", "example.com"));
    private final Map<String, Integer> backendWeight = new HashMap<>();
    private final Map<String, Pattern> tagFilters = new LinkedHashMap<>();
    private final Map<String, Object> document = new LinkedHashMap<>();
    private boolean auth;
    private boolean ownership;
    private boolean usageStats;
    private Optional<Duration> vmLifetimeAuth = Optional.empty();
    private Optional<Duration> maxLifetime = Optional.empty();
    private Optional<List<String>> allowedTags = Optional.empty();
    private Instant loadedAt = ApiTestBase.START;

    public TestConfig pool(String name, int size) {
        return pool(name, size, "example", null, null);
    }

    /** {@code alias}: null, a String or a List, as written in YAML. */
    public TestConfig pool(String name, int size, String dnsPlugin, Object alias, String cloneTarget) {
        pools.add(new Pool(name, size, dnsPlugin, alias, cloneTarget));
        return this;
    }

    public TestConfig dns(String name, String domain) {
        domains.put(name, domain);
        return this;
    }

    public TestConfig auth() {
        auth = true;
        return this;
    }

    public TestConfig ownershipEnforced() {
        ownership = true;
        return this;
    }

    public TestConfig usageStats() {
        usageStats = true;
        return this;
    }

    public TestConfig vmLifetimeAuth(int hours) {
        vmLifetimeAuth = Optional.of(Duration.ofHours(hours));
        return this;
    }

    public TestConfig maxLifetime(int hours) {
        maxLifetime = Optional.of(Duration.ofHours(hours));
        return this;
    }

    public TestConfig allowedTags(String... tags) {
        allowedTags = Optional.of(List.of(tags));
        return this;
    }

    public TestConfig tagFilter(String tag, String regex) {
        tagFilters.put(tag, Pattern.compile(regex));
        return this;
    }

    public TestConfig backendWeight(String cloneTarget, int weight) {
        backendWeight.put(cloneTarget, weight);
        return this;
    }

    public TestConfig document(String key, Object value) {
        document.put(key, value);
        return this;
    }

    public TestConfig loadedAt(Instant instant) {
        loadedAt = instant;
        return this;
    }

    public VmpoolerConfig build() {
        ProvisioningSettings provisioning = new ProvisioningSettings(10, 10, 10, Duration.ofMinutes(5), 3, "poolvm-",
                Optional.empty(), backendWeight, Optional.empty(), false, false, LoopDelay.DEFAULT);
        LifecycleSettings lifecycle = new LifecycleSettings(Duration.ofMinutes(15), Duration.ofMinutes(5),
                Duration.ofMinutes(60), Duration.ofMinutes(1), Duration.ofHours(24), vmLifetimeAuth, maxLifetime, true);
        ApiSettings api = new ApiSettings("vmpooler", allowedTags, false, usageStats, false, false, ownership);
        GlobalConfig global = new GlobalConfig(Optional.empty(), provisioning, lifecycle, api,
                CircuitBreakerSettings.DEFAULT, DlqSettings.DEFAULT, PurgeSettings.DEFAULT, HealthCheckSettings.DEFAULT,
                Settings.empty("config"));
        Map<String, DnsConfig> dnsConfigs = new LinkedHashMap<>();
        domains.forEach((name, domain) -> dnsConfigs.put(name,
                new DnsConfig(name, "dynamic-dns", domain, Settings.empty("dns_configs > " + name))));
        List<PoolConfig> poolConfigs = pools.stream().map(this::poolConfig).toList();
        return new VmpoolerConfig(global, poolConfigs, Map.of(), dnsConfigs, Optional.empty(),
                auth ? Optional.of(new AuthConfig("dummy", Optional.empty())) : Optional.empty(),
                new MetricsConfig.None(), Optional.empty(), TracingConfig.DISABLED, tagFilters, RateLimits.DEFAULT,
                new ServerConfig("127.0.0.1", 0), new Settings(document, "", "test"), "test", loadedAt);
    }

    private PoolConfig poolConfig(Pool pool) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("name", pool.name());
        settings.put("template", "templates/" + pool.name());
        settings.put("size", pool.size());
        settings.put("provider", "dummy");
        settings.put("dns_plugin", pool.dnsPlugin());
        List<String> aliases = List.of();
        if (pool.alias() instanceof String single) {
            settings.put("alias", single);
            aliases = List.of(single);
        } else if (pool.alias() instanceof List<?> list) {
            settings.put("alias", list);
            aliases = list.stream().map(Object::toString).toList();
        }
        if (pool.cloneTarget() != null) {
            settings.put("clone_target", pool.cloneTarget());
        }
        return new PoolConfig(pool.name(), aliases, "templates/" + pool.name(), pool.size(), "dummy", pool.dnsPlugin(),
                Optional.ofNullable(pool.cloneTarget()), Duration.ofMinutes(15), Duration.ofMinutes(5),
                Duration.ofMinutes(60), LoopDelay.DEFAULT, true, new Settings(settings, "pools > " + pool.name(), "test"));
    }
}
