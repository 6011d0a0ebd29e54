package org.vmpooler.provider;

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
import org.vmpooler.config.PurgeSettings;
import org.vmpooler.config.RateLimits;
import org.vmpooler.config.ServerConfig;
import org.vmpooler.config.Settings;
import org.vmpooler.config.TracingConfig;
import org.vmpooler.config.VmpoolerConfig;

/** Builds the parts of a {@link VmpoolerConfig} that plugin tests care about: pools, providers, DNS configs. */
public final class PluginConfigs {
    private final List<PoolConfig> pools = new ArrayList<>();
    private final Map<String, ProviderConfig> providers = new LinkedHashMap<>();
    private final Map<String, DnsConfig> dnsConfigs = new LinkedHashMap<>();

    public static PluginConfigs builder() {
        return new PluginConfigs().dns("example", "dynamic-dns", "example.com", Map.of());
    }

    public PluginConfigs pool(String name, String provider) {
        return pool(name, provider, "example");
    }

    public PluginConfigs pool(String name, String provider, String dnsPlugin) {
        pools.add(new PoolConfig(name, List.of(), "templates/" + name, 1, provider, dnsPlugin, Optional.empty(),
                Duration.ofMinutes(15), Duration.ofMinutes(5), Duration.ofMinutes(60), LoopDelay.DEFAULT, true,
                Settings.empty(":pools: > " + name), Optional.empty()));
        return this;
    }

    public PluginConfigs provider(String name, String providerClass, Map<String, ?> settings) {
        return provider(name, providerClass, CircuitBreakerSettings.DEFAULT, settings);
    }

    public PluginConfigs provider(String name, String providerClass, CircuitBreakerSettings breaker,
                                  Map<String, ?> settings) {
        providers.put(name, new ProviderConfig(name, providerClass, false, List.of(), false, breaker,
                new Settings(settings, ":providers: > :" + name + ":", "test")));
        return this;
    }

    public PluginConfigs dns(String name, String dnsClass, String domain, Map<String, ?> settings) {
        dnsConfigs.put(name, new DnsConfig(name, dnsClass, domain,
                new Settings(settings, ":dns_configs: > :" + name + ":", "test")));
        return this;
    }

    public VmpoolerConfig build() {
        ProvisioningSettings provisioning = new ProvisioningSettings(10, 10, 10, Duration.ofMinutes(5), 3, "",
                Optional.empty(), Map.of(), Optional.empty(), false, false, LoopDelay.DEFAULT, BlockingCallSettings.DEFAULT);
        ApiSettings api = new ApiSettings("vmpooler", Optional.empty(), false, false, false, false, false);
        GlobalConfig global = new GlobalConfig(Optional.empty(), provisioning, LifecycleSettings.DEFAULT, api,
                CircuitBreakerSettings.DEFAULT, DlqSettings.DEFAULT, PurgeSettings.DEFAULT, HealthCheckSettings.DEFAULT,
                Settings.empty(":config:"), ProviderCallSettings.DEFAULT, ManagerLeaseSettings.OFF);
        return new VmpoolerConfig(global, pools, providers, dnsConfigs, Optional.empty(), Optional.empty(),
                new MetricsConfig.None(), Optional.empty(), TracingConfig.DISABLED, Map.of(), RateLimits.DEFAULT,
                new ServerConfig("127.0.0.1", 4567), Settings.empty(""), "test", Instant.EPOCH);
    }

    /** The labels of {@link #request}'s VMs. */
    public static final String INSTANCE = "vmp-test";

    /** What the manager would ask to create a VM of a test pool: the pools here use {@code templates/<pool>}. */
    public static CreateRequest request(String pool, String vm) {
        return new CreateRequest(pool, vm, "templates/" + pool, Optional.empty(), Settings.empty(":pools: > " + pool),
                VmLabels.of(INSTANCE, pool, vm, Optional.empty(), Optional.empty()));
    }
}
