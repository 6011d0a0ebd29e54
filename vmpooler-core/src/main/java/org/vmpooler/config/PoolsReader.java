package org.vmpooler.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
                                 Map<String, DnsConfig> dnsConfigs, ConfigProblems problems) {
        Object raw = document.raw("pools").orElse(List.of());
        if (!(raw instanceof List<?> entries)) {
            throw document.invalid(":pools:", raw, "a list of pools");
        }
        return read(entries, document.source(), global, providers, dnsConfigs, problems);
    }

    /** The pools of {@code entries} (maps of pool keys) from {@code source}; a pool with an error is left out. */
    static List<PoolConfig> read(List<?> entries, String source, GlobalConfig global,
                                 Map<String, ProviderConfig> providers, Map<String, DnsConfig> dnsConfigs,
                                 ConfigProblems problems) {
        List<PoolConfig> pools = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            Optional<PoolConfig> read = pool(entries.get(i), i + 1, source, global, providers, dnsConfigs, problems);
            if (read.isEmpty()) {
                continue;
            }
            PoolConfig pool = read.get();
            if (!names.add(pool.name())) {
                problems.error("pool '" + pool.name() + "' is configured twice in :pools: of "
                        + source + " (an extra_config file may repeat a pool with different keys);"
                        + " pool names must be unique");
            }
            pools.add(pool);
        }
        return pools;
    }

    @SuppressWarnings("unchecked")
    private static Optional<PoolConfig> pool(Object entry, int position, String source, GlobalConfig global,
                                             Map<String, ProviderConfig> providers,
                                             Map<String, DnsConfig> dnsConfigs, ConfigProblems problems) {
        if (!(entry instanceof Map)) {
            problems.error("pool #" + position + " of :pools: in " + source
                    + " must be a map of settings (name, template, size …), not '" + entry + "'");
            return Optional.empty();
        }
        int errorsBefore = problems.errorCount();
        Map<String, Object> values = (Map<String, Object>) entry;
        Optional<String> named = problems.attempt(() -> new SectionReader(new Settings(values,
                ":pools: > #" + position, source), problems).required("name"));
        // A nameless pool's other mistakes are still worth reporting, under its position.
        Settings settings = new Settings(values, ":pools: > " + named.orElse("#" + position), source);
        SectionReader pool = new SectionReader(settings, problems);
        warnMisspeltKeys(settings, problems);

        String provider = pool.string("provider", ProvidersReader.DUMMY);
        if (!providers.containsKey(provider)) {
            problems.error(settings.invalid("provider", provider, "the name of a :providers: instance; configured are "
                    + providers.keySet()).getMessage() + KeySuggestion.hint(provider, providers.keySet()));
        }
        Optional<String> dnsPlugin = problems.attempt(() -> {
            String plugin = pool.required("dns_plugin");
            if (!dnsConfigs.containsKey(plugin)) {
                throw settings.invalid("dns_plugin", plugin, dnsConfigs.isEmpty()
                        ? "the name of a :dns_configs: entry, but there is no :dns_configs: section"
                        : "the name of a :dns_configs: entry; configured are " + dnsConfigs.keySet());
            }
            return plugin;
        });
        Optional<String> template = problems.attempt(() -> pool.required("template"));
        Optional<Integer> size = pool.count("size");
        if (!settings.has("size")) {
            problems.error("missing required key " + pool.where("size") + " in " + source);
        }
        List<String> aliases = problems.attempt(() -> settings.strings("alias")).orElse(List.of()).stream()
                .distinct().toList();
        pool.string("name_prefix").filter(prefix -> !NAME_PREFIX.matcher(prefix).matches()).ifPresent(prefix ->
                problems.error(settings.invalid("name_prefix", prefix, "lower-case letters, digits and dashes,"
                        + " starting with a letter or digit, at most 42 characters (a VM name is one DNS label of at"
                        + " most 63)").getMessage()));
        Optional<ReadyCheck> readyCheck = problems.attempt(() -> ReadyCheck.read(settings)).flatMap(r -> r);
        LifecycleSettings lifecycle = global.lifecycle();
        Duration timeout = pool.minutes("timeout", lifecycle.timeout());
        Duration notification = pool.minutes("timeout_notification", lifecycle.timeoutNotification());
        Duration readyTtl = pool.minutes("ready_ttl", lifecycle.readyTtl());
        LoopDelay loopDelay = GlobalConfigReader.loopDelay(pool, global.provisioning().loopDelay());
        boolean checkHostname = pool.bool("check_hostname_for_mismatch", lifecycle.checkReadyVmHostnameForMismatch());
        Optional<String> cloneTarget = pool.string("clone_target").or(() -> global.provisioning().cloneTarget());
        if (problems.errorCount() > errorsBefore) {
            return Optional.empty();
        }
        return Optional.of(new PoolConfig(named.orElseThrow(), aliases, template.orElseThrow(), size.orElseThrow(),
                provider, dnsPlugin.orElseThrow(), cloneTarget, timeout, notification, readyTtl, loopDelay,
                checkHostname, settings, readyCheck));
    }

    /**
     * Without the provider's own pool keys at hand, only a key one slip away from an engine key is surely a
     * mistake ({@code sise}); the rest may be the provider's ({@code folder}) and are judged with the plugins.
     */
    private static void warnMisspeltKeys(Settings settings, ConfigProblems problems) {
        for (String key : settings.keys()) {
            if (!PoolConfig.KEYS.contains(key) && KeySuggestion.closest(key, PoolConfig.KEYS).isPresent()) {
                problems.warn(KeySuggestion.unknownKey(settings, key, PoolConfig.KEYS));
            }
        }
    }
}
