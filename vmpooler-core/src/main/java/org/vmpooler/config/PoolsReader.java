package org.vmpooler.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code :pools:}. Each pool needs a name, a template and a size; its {@code provider} (default
 * {@code dummy}) must name a provider instance and its {@code dns_plugin} a DNS config. Times are resolved
 * pool value, else the global {@code :config:} value, else the built-in default; unlike the reference the
 * global {@code check_loop_delay_*} values apply to pools too.
 */
final class PoolsReader {

    /**
     * A pool's {@code name_prefix}: lower-case letters, digits and dashes, not starting with a dash, and short
     * enough that prefix and generated name (at most 21 characters) make a DNS label of at most 63.
     */
    private static final Pattern NAME_PREFIX = Pattern.compile("[a-z0-9][a-z0-9-]{0,41}");

    private PoolsReader() {
    }

    static List<PoolConfig> read(Settings document, GlobalConfig global, Map<String, ProviderConfig> providers,
                                 Map<String, DnsConfig> dnsConfigs) {
        Object raw = document.raw("pools").orElse(List.of());
        if (!(raw instanceof List<?> entries)) {
            throw document.invalid(":pools:", raw, "a list of pools");
        }
        return read(entries, document.source(), global, providers, dnsConfigs);
    }

    /** The pools of {@code entries} (maps of pool keys) from {@code source}. */
    static List<PoolConfig> read(List<?> entries, String source, GlobalConfig global,
                                 Map<String, ProviderConfig> providers, Map<String, DnsConfig> dnsConfigs) {
        List<PoolConfig> pools = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            PoolConfig pool = pool(entries.get(i), i + 1, source, global, providers, dnsConfigs);
            if (!names.add(pool.name())) {
                throw new ConfigException("pool '" + pool.name() + "' is configured twice in :pools: of "
                        + source + " (an extra_config file may repeat a pool with different keys);"
                        + " pool names must be unique");
            }
            pools.add(pool);
        }
        return pools;
    }

    @SuppressWarnings("unchecked")
    private static PoolConfig pool(Object entry, int position, String source, GlobalConfig global,
                                   Map<String, ProviderConfig> providers, Map<String, DnsConfig> dnsConfigs) {
        if (!(entry instanceof Map)) {
            throw new ConfigException("pool #" + position + " of :pools: in " + source
                    + " must be a map of settings (name, template, size …), not '" + entry + "'");
        }
        Map<String, Object> values = (Map<String, Object>) entry;
        SectionReader unnamed = new SectionReader(new Settings(values, ":pools: > #" + position, source));
        String name = unnamed.required("name");
        Settings settings = new Settings(values, ":pools: > " + name, source);
        SectionReader pool = new SectionReader(settings);

        String provider = settings.string("provider", ProvidersReader.DUMMY);
        if (!providers.containsKey(provider)) {
            throw settings.invalid("provider", provider, "the name of a :providers: instance; configured are "
                    + providers.keySet());
        }
        String dnsPlugin = pool.required("dns_plugin");
        if (!dnsConfigs.containsKey(dnsPlugin)) {
            throw settings.invalid("dns_plugin", dnsPlugin, dnsConfigs.isEmpty()
                    ? "the name of a :dns_configs: entry, but there is no :dns_configs: section"
                    : "the name of a :dns_configs: entry; configured are " + dnsConfigs.keySet());
        }
        Integer size = pool.count("size").orElseThrow(() -> new ConfigException("missing required key "
                + pool.where("size") + " in " + source));
        List<String> aliases = settings.strings("alias").stream().distinct().toList();
        settings.string("name_prefix").filter(prefix -> !NAME_PREFIX.matcher(prefix).matches()).ifPresent(prefix -> {
            throw settings.invalid("name_prefix", prefix, "lower-case letters, digits and dashes, starting with a"
                    + " letter or digit, at most 42 characters (a VM name is one DNS label of at most 63)");
        });
        LifecycleSettings lifecycle = global.lifecycle();
        return new PoolConfig(name, aliases, pool.required("template"), size, provider, dnsPlugin,
                settings.string("clone_target").or(() -> global.provisioning().cloneTarget()),
                pool.minutes("timeout", lifecycle.timeout()),
                pool.minutes("timeout_notification", lifecycle.timeoutNotification()),
                pool.minutes("ready_ttl", lifecycle.readyTtl()),
                GlobalConfigReader.loopDelay(pool, global.provisioning().loopDelay()),
                settings.bool("check_hostname_for_mismatch", lifecycle.checkReadyVmHostnameForMismatch()), settings,
                ReadyCheck.read(settings));
    }
}
