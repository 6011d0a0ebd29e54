package org.vmpooler.manager;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.config.PoolConfig;
import org.vmpooler.config.ProviderConfig;

/**
 * What a manager does once before its loops start: zero the clone-slot counters and the in-flight migration set
 * (no clone or migration of a previous run can still be going on), publish the pools for API processes that run
 * without a pool list, and let providers purge resources that belong to no configured pool.
 */
public final class ManagerStartup {

    private static final Logger LOG = LoggerFactory.getLogger(ManagerStartup.class);

    private final ManagerContext ctx;

    public ManagerStartup(ManagerContext ctx) {
        this.ctx = ctx;
    }

    public void run() {
        ctx.store().resetCloneSlots();
        ctx.store().clearMigrations();
        Map<String, Map<String, String>> published = new LinkedHashMap<>();
        for (PoolConfig pool : ctx.config().pools()) {
            published.put(pool.name(), publishedFields(pool));
        }
        ctx.store().publishPools(published);
        LOG.info("[*] published {} pool(s): {}", published.size(), published.keySet());
        purgeUnconfiguredResources();
    }

    /** The pool's keys as configured, stringified, with {@code alias} comma-joined and the pool's {@code domain}. */
    Map<String, String> publishedFields(PoolConfig pool) {
        Map<String, String> fields = new LinkedHashMap<>();
        pool.settings().asMap().forEach((key, value) -> {
            if (value != null) {
                fields.put(key, value instanceof List<?> list
                        ? String.join(",", list.stream().map(String::valueOf).toList())
                        : String.valueOf(value));
            }
        });
        fields.put("name", pool.name());
        fields.put("template", pool.template());
        fields.put("size", Integer.toString(pool.size()));
        fields.put("provider", pool.provider());
        fields.put("ready_ttl", Long.toString(pool.readyTtl().toMinutes()));
        fields.remove("alias");
        if (!pool.aliases().isEmpty()) {
            fields.put("alias", String.join(",", pool.aliases()));
        }
        fields.put("domain", ctx.domain(pool.name()));
        return fields;
    }

    private void purgeUnconfiguredResources() {
        boolean global = ctx.config().global().provisioning().purgeUnconfiguredResources();
        for (ProviderConfig provider : ctx.config().providers().values()) {
            boolean enabled = provider.settings().has("purge_unconfigured_resources")
                    ? provider.purgeUnconfiguredResources() : global;
            Optional<String> anyPool = ctx.config().pools().stream().filter(p -> p.provider().equals(provider.name()))
                    .map(PoolConfig::name).findFirst();
            if (!enabled || anyPool.isEmpty()) {
                continue;
            }
            var instance = ctx.providers().forPool(anyPool.get());
            ctx.calls().submit(instance.name(), () -> {
                LOG.info("[*] provider {} purging unconfigured resources (allow-list {})", provider.name(),
                        provider.resourcesAllowlist());
                try {
                    instance.purgeUnconfiguredResources(provider.resourcesAllowlist());
                } catch (RuntimeException e) {
                    LOG.error("[!] provider {} failed to purge unconfigured resources: {}", provider.name(), e.toString());
                }
            });
        }
    }
}
