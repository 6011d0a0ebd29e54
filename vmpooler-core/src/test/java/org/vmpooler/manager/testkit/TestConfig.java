package org.vmpooler.manager.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.vmpooler.config.ApiSettings;
import org.vmpooler.config.BlockingCallSettings;
import org.vmpooler.config.CircuitBreakerSettings;
import org.vmpooler.config.DlqSettings;
import org.vmpooler.config.DnsConfig;
import org.vmpooler.config.GlobalConfig;
import org.vmpooler.config.HealthCheckSettings;
import org.vmpooler.config.LifecycleSettings;
import org.vmpooler.config.ManagerLeaseSettings;
import org.vmpooler.config.LoopDelay;
import org.vmpooler.config.MetricsConfig;
import org.vmpooler.config.PoolConfig;
import org.vmpooler.config.ProviderConfig;
import org.vmpooler.config.ProviderCallSettings;
import org.vmpooler.config.ProvisioningSettings;
import org.vmpooler.config.ReadyCheck;
import org.vmpooler.config.PurgeSettings;
import org.vmpooler.config.RateLimits;
import org.vmpooler.config.ServerConfig;
import org.vmpooler.config.Settings;
import org.vmpooler.config.TracingConfig;
import org.vmpooler.config.VmpoolerConfig;

/** Builds the configuration records a manager test needs, with the reference's defaults unless changed. */
public final class TestConfig {

    private final List<PoolConfig> pools = new ArrayList<>();
    private int taskLimit = 10;
    private ProviderCallSettings providerCalls = ProviderCallSettings.DEFAULT;
    private CircuitBreakerSettings circuitBreaker = CircuitBreakerSettings.DEFAULT;
    private int ondemandCloneLimit = 10;
    private int maxVmRetries = 3;
    private Duration ondemandRequestTtl = Duration.ofMinutes(5);
    private LifecycleSettings lifecycle = LifecycleSettings.DEFAULT;
    private DlqSettings dlq = DlqSettings.DEFAULT;
    private PurgeSettings purge = PurgeSettings.DEFAULT;
    private HealthCheckSettings health = HealthCheckSettings.DEFAULT;
    private boolean skipDnsCheck = true;
    private boolean templateDeltaDisks;
    private List<String> purgeAllowlist;
    private String dnsClass = "dynamic-dns";
    private Optional<String> namePrefix = Optional.empty();
    private final Map<String, Object> globalExtras = new java.util.LinkedHashMap<>();

    /** {@code :config: on_empty_store}. */
    public TestConfig onEmptyStore(String policy) {
        globalExtras.put("on_empty_store", policy);
        return this;
    }

    /** Pools added after this call name their VMs with this prefix. */
    public TestConfig namePrefix(String prefix) {
        this.namePrefix = Optional.of(prefix);
        return this;
    }

    public TestConfig pool(String name, int size) {
        return pool(name, size, List.of());
    }

    public TestConfig pool(String name, int size, List<String> aliases) {
        return pool(name, size, aliases, Map.of());
    }

    /** A pool with keys of its own ({@code ready_check}, provider keys …). */
    public TestConfig pool(String name, int size, List<String> aliases, Map<String, Object> extra) {
        Map<String, Object> settings = new LinkedHashMap<>(extra);
        settings.put("name", name);
        settings.put("template", "templates/" + name);
        settings.put("size", size);
        settings.put("provider", "scripted");
        settings.put("dns_plugin", "example");
        if (!aliases.isEmpty()) {
            settings.put("alias", aliases);
        }
        namePrefix.ifPresent(prefix -> settings.put("name_prefix", prefix));
        Settings poolSettings = new Settings(settings, ":pools: > " + name, "test");
        pools.add(new PoolConfig(name, aliases, "templates/" + name, size, "scripted", "example", Optional.empty(),
                lifecycle.timeout(), lifecycle.timeoutNotification(), lifecycle.readyTtl(), LoopDelay.DEFAULT,
                lifecycle.checkReadyVmHostnameForMismatch(), poolSettings,
                ReadyCheck.read(poolSettings)));
        return this;
    }

    public TestConfig circuitBreaker(CircuitBreakerSettings settings) {
        this.circuitBreaker = settings;
        return this;
    }

    public TestConfig providerCalls(ProviderCallSettings settings) {
        this.providerCalls = settings;
        return this;
    }

    public TestConfig taskLimit(int limit) {
        this.taskLimit = limit;
        return this;
    }

    public TestConfig ondemandCloneLimit(int limit) {
        this.ondemandCloneLimit = limit;
        return this;
    }

    public TestConfig maxVmRetries(int retries) {
        this.maxVmRetries = retries;
        return this;
    }

    public TestConfig ondemandRequestTtl(Duration ttl) {
        this.ondemandRequestTtl = ttl;
        return this;
    }

    /** Lifecycle settings; set before adding pools, which take their times from it. */
    public TestConfig lifecycle(LifecycleSettings lifecycle) {
        this.lifecycle = lifecycle;
        return this;
    }

    public TestConfig dlqEnabled() {
        this.dlq = new DlqSettings(true, Duration.ofHours(168), 100);
        return this;
    }

    public TestConfig purge(PurgeSettings purge) {
        this.purge = purge;
        return this;
    }

    public TestConfig healthCheck(HealthCheckSettings health) {
        this.health = health;
        return this;
    }

    /** The provider purges resources of no configured pool at start, keeping the allow-listed ones. */
    public TestConfig purgeUnconfiguredResources(List<String> allowlist) {
        this.purgeAllowlist = allowlist;
        return this;
    }

    public TestConfig templateDeltaDisks() {
        this.templateDeltaDisks = true;
        return this;
    }

    public TestConfig dnsCheck() {
        this.skipDnsCheck = false;
        return this;
    }

    public TestConfig dnsClass(String dnsClass) {
        this.dnsClass = dnsClass;
        return this;
    }

    public VmpoolerConfig build() {
        ProvisioningSettings provisioning = new ProvisioningSettings(taskLimit, ondemandCloneLimit, 10,
                ondemandRequestTtl, maxVmRetries, "", Optional.empty(), Map.of(), Optional.empty(), templateDeltaDisks, false,
                LoopDelay.DEFAULT, BlockingCallSettings.DEFAULT);
        GlobalConfig global = new GlobalConfig(Optional.empty(), provisioning, lifecycle,
                new ApiSettings("vmpooler", Optional.empty(), false, false, false, false, false),
                CircuitBreakerSettings.DEFAULT, dlq, purge, health,
                new Settings(globalExtras, ":config:", "test"), providerCalls, ManagerLeaseSettings.OFF);
        ProviderConfig provider = new ProviderConfig("scripted", "scripted", purgeAllowlist != null,
                purgeAllowlist == null ? List.of() : purgeAllowlist, skipDnsCheck,
                circuitBreaker, Settings.empty(":providers: > scripted"));
        DnsConfig dns = new DnsConfig("example", dnsClass, "example.com", Settings.empty(":dns_configs: > example"));
        return new VmpoolerConfig(global, pools, Map.of("scripted", provider), Map.of("example", dns), Optional.empty(),
                Optional.empty(), new MetricsConfig.None(), Optional.empty(), TracingConfig.DISABLED, Map.of(),
                RateLimits.DEFAULT, new ServerConfig("127.0.0.1", 4567), Settings.empty(""), "test", Instant.EPOCH);
    }
}
