package org.vmpooler.api.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import org.vmpooler.api.http.ApiError;
import org.vmpooler.api.http.ApiResponses;
import org.vmpooler.api.http.RouteGroup;
import org.vmpooler.api.status.PoolSizes;
import org.vmpooler.config.ConfigRedactor;
import org.vmpooler.config.PoolConfig;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.domain.PoolOverride;
import org.vmpooler.store.PoolSettings;

/**
 * {@code /config}: every pool's settings with the runtime size and template overrides applied and whether its
 * template is prepared; {@code /full_config}: the whole configuration. Both are public and redact secrets by
 * {@link ConfigRedactor}'s rule (the reference served them to anyone). Neither modifies shared configuration.
 */
public final class ConfigRoutes implements RouteGroup {
    private final VmpoolerConfig config;
    private final PoolSettings store;

    public ConfigRoutes(VmpoolerConfig config, PoolSettings store) {
        this.config = config;
        this.store = store;
    }

    @Override
    public void register(RoutesConfig app) {
        app.get("/api/v3/config", this::poolConfiguration);
        app.get("/api/v3/full_config", this::fullConfig);
    }

    private void poolConfiguration(Context ctx) {
        if (config.pools().isEmpty()) {
            throw ApiError.bare(404);
        }
        Map<String, Integer> sizes = PoolSizes.current(config, store);
        Map<String, String> templates = store.overrides(PoolOverride.TEMPLATE);
        Map<String, String> prepared = store.preparedTemplates();
        List<Map<String, Object>> pools = new ArrayList<>();
        for (PoolConfig pool : config.pools()) {
            Map<String, Object> entry = ConfigRedactor.redact(pool.settings().asMap());
            entry.putIfAbsent("name", pool.name());
            String template = templates.getOrDefault(pool.name(), pool.template());
            entry.put("template", template);
            entry.put("size", sizes.get(pool.name()));
            entry.put("template_ready", template.equals(prepared.get(pool.name())));
            pools.add(entry);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pool_configuration", pools);
        body.put("status", Map.of("ok", true));
        ApiResponses.json(ctx, 200, body);
    }

    private void fullConfig(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("full_config", ConfigRedactor.redact(config));
        body.put("status", Map.of("ok", true));
        ApiResponses.json(ctx, 200, body);
    }
}
