package org.vmpooler.api.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.vmpooler.config.AdminAccess;
import org.vmpooler.config.ApiSettings;
import org.vmpooler.config.AuthConfig;
import org.vmpooler.config.BlockingCallSettings;
import org.vmpooler.config.CircuitBreakerSettings;
import org.vmpooler.config.DlqSettings;
import org.vmpooler.config.DnsConfig;
import org.vmpooler.config.GlobalConfig;
import org.vmpooler.config.GraphsConfig;
import org.vmpooler.config.HealthCheckSettings;
import org.vmpooler.config.LifecycleSettings;
import org.vmpooler.config.ManagerLeaseSettings;
import org.vmpooler.config.LoopDelay;
import org.vmpooler.config.MetricsConfig;
import org.vmpooler.config.PoolConfig;
import org.vmpooler.config.ProviderConfig;
import org.vmpooler.config.ProviderCallSettings;
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
    private final Map<String, Object> dummySettings = new LinkedHashMap<>();
    private String providerClass = "dummy";
    private int port;
    private final Map<String, Object> extraPoolSettings = new LinkedHashMap<>();
    private Optional<AuthConfig> auth = Optional.empty();
    /** Set by {@link #admins} and the like; otherwise the given {@link AuthConfig}'s own. */
    private Optional<AdminAccess> admins = Optional.empty();
    private boolean privateReads;
    private boolean rateLimiting;
    private RateLimits rateLimits = RateLimits.DEFAULT;
    private boolean requestLogger;
    private boolean ownership;
    private boolean usageStats;
    private boolean experimental;
    private int maxOndemandPerRequest = 10;
    private Duration ondemandRequestTtl = Duration.ofMinutes(5);
    private LoopDelay loopDelay = LoopDelay.DEFAULT;
    private Optional<Duration> vmLifetimeAuth = Optional.empty();
    private Optional<Duration> maxLifetime = Optional.empty();
    private Optional<List<String>> allowedTags = Optional.empty();
    private Instant loadedAt = ApiTestBase.START;
    private String siteName = "vmpooler";
    private Optional<GraphsConfig> graphs = Optional.empty();

    /** The port to listen on; 0 (the default) takes a free one. */
    public TestConfig port(int port) {
        this.port = port;
        return this;
    }

    /** The class of the pools' provider instance (named {@code dummy}); {@code bare} offers no capability. */
    public TestConfig providerClass(String providerClass) {
        this.providerClass = providerClass;
        return this;
    }

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

    /** The dummy provider: any user whose password differs from the name. */
    public TestConfig auth() {
        return auth(new AuthConfig("dummy", Optional.empty()));
    }

    public TestConfig auth(AuthConfig provider) {
        auth = Optional.of(provider);
        return this;
    }

    /** Administrators by user name ({@code :auth: admin_users}). */
    public TestConfig admins(String... users) {
        admins = Optional.of(new AdminAccess(Set.of(users), Optional.empty(), false));
        return this;
    }

    /** {@code :auth: admin_access: any_token}, the reference's rule. */
    public TestConfig adminAccessForAnyToken() {
        admins = Optional.of(new AdminAccess(Set.of(), Optional.empty(), true));
        return this;
    }

    /** {@code :auth: private_reads}. */
    public TestConfig privateReads() {
        privateReads = true;
        return this;
    }

    public TestConfig rateLimiting(RateLimits limits) {
        rateLimiting = true;
        rateLimits = limits;
        return this;
    }

    public TestConfig requestLogger() {
        requestLogger = true;
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

    /** A knob of the dummy provider the pools use (e.g. {@code createvm_max_time}). */
    public TestConfig dummySetting(String key, Object value) {
        dummySettings.put(key, value);
        return this;
    }

    /** A further key of every pool, e.g. a provider-specific one. */
    public TestConfig poolSetting(String key, Object value) {
        extraPoolSettings.put(key, value);
        return this;
    }

    public TestConfig experimentalFeatures() {
        experimental = true;
        return this;
    }

    public TestConfig maxOndemandPerRequest(int max) {
        maxOndemandPerRequest = max;
        return this;
    }

    public TestConfig ondemandRequestTtl(Duration ttl) {
        ondemandRequestTtl = ttl;
        return this;
    }

    /** The manager's loop delay, for pools and the on-demand and VM-task loops alike. */
    public TestConfig loopDelay(LoopDelay delay) {
        loopDelay = delay;
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

    public TestConfig siteName(String name) {
        siteName = name;
        return this;
    }

    /** A Graphite-web server for the dashboard's history, as {@code :graphs:} gives it. */
    public TestConfig graphs(String server, String prefix) {
        graphs = Optional.of(new GraphsConfig(server, prefix));
        return this;
    }

    public TestConfig loadedAt(Instant instant) {
        loadedAt = instant;
        return this;
    }

    public VmpoolerConfig build() {
        ProvisioningSettings provisioning = new ProvisioningSettings(10, 10, maxOndemandPerRequest,
                ondemandRequestTtl, 3, "poolvm-", Optional.empty(), backendWeight, Optional.empty(), false, false,
                loopDelay, BlockingCallSettings.DEFAULT);
        LifecycleSettings lifecycle = new LifecycleSettings(Duration.ofMinutes(15), Duration.ofMinutes(5),
                Duration.ofMinutes(60), Duration.ofMinutes(1), Duration.ofHours(24), vmLifetimeAuth, maxLifetime, true);
        ApiSettings api = new ApiSettings(siteName, allowedTags, experimental, usageStats, requestLogger,
                rateLimiting, ownership);
        GlobalConfig global = new GlobalConfig(Optional.empty(), provisioning, lifecycle, api,
                CircuitBreakerSettings.DEFAULT, DlqSettings.DEFAULT, PurgeSettings.DEFAULT, HealthCheckSettings.DEFAULT,
                Settings.empty("config"), ProviderCallSettings.DEFAULT, ManagerLeaseSettings.OFF);
        Map<String, DnsConfig> dnsConfigs = new LinkedHashMap<>();
        domains.forEach((name, domain) -> dnsConfigs.put(name,
                new DnsConfig(name, "dynamic-dns", domain, Settings.empty("dns_configs > " + name))));
        List<PoolConfig> poolConfigs = pools.stream().map(this::poolConfig).toList();
        Map<String, ProviderConfig> providers = dummySettings.isEmpty() && providerClass.equals("dummy") ? Map.of()
                : Map.of("dummy", new ProviderConfig("dummy", providerClass, false, List.of(), false,
                        CircuitBreakerSettings.DEFAULT,
                        new Settings(dummySettings, "providers > dummy", "test")));
        Optional<AuthConfig> authConfig = auth.map(a -> new AuthConfig(a.provider(), a.ldap(),
                admins.orElse(a.admins()), privateReads || a.privateReads()));
        return new VmpoolerConfig(global, poolConfigs, providers, dnsConfigs, Optional.empty(),
                authConfig, new MetricsConfig.None(), graphs, TracingConfig.DISABLED, tagFilters, rateLimits,
                new ServerConfig("127.0.0.1", port), new Settings(document, "", "test"), "test", loadedAt);
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
        settings.putAll(extraPoolSettings);
        return new PoolConfig(pool.name(), aliases, "templates/" + pool.name(), pool.size(), "dummy", pool.dnsPlugin(),
                Optional.ofNullable(pool.cloneTarget()), Duration.ofMinutes(15), Duration.ofMinutes(5),
                Duration.ofMinutes(60), loopDelay, true, new Settings(settings, "pools > " + pool.name(), "test"),
                Optional.empty());
    }
}
