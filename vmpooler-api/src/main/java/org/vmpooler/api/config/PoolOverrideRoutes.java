package org.vmpooler.api.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.api.auth.Administrators;
import org.vmpooler.api.auth.TokenAuthenticator;
import org.vmpooler.api.http.ApiError;
import org.vmpooler.api.http.ApiResponses;
import org.vmpooler.api.http.JsonBody;
import org.vmpooler.api.http.RouteGroup;
import org.vmpooler.config.PoolConfig;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.domain.PoolFlag;
import org.vmpooler.domain.PoolOverride;
import org.vmpooler.domain.PoolSize;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.store.PoolSettings;

/**
 * The experimental runtime changes of pools ({@code experimental_features}): size, template and clone target
 * overrides and their undo, and pool resets. They are only recorded in the store (so they survive restarts and
 * reach every manager); the manager applies them. Only pools can be changed — an alias names several pools and
 * is refused like an unknown name (the reference accepted it and then crashed).
 */
public final class PoolOverrideRoutes implements RouteGroup {
    private static final Logger LOG = LoggerFactory.getLogger(PoolOverrideRoutes.class);

    private final VmpoolerConfig config;
    private final PoolSettings store;
    private final Metrics metrics;
    private final Administrators admins;

    public PoolOverrideRoutes(VmpoolerConfig config, PoolSettings store, Metrics metrics, Administrators admins) {
        this.config = config;
        this.store = store;
        this.metrics = metrics;
        this.admins = admins;
    }

    @Override
    public void register(RoutesConfig app) {
        app.post("/api/v3/config/poolsize", ctx -> change(ctx, PoolOverride.SIZE, "not_configured",
                PoolOverrideRoutes::sizeProblem, value -> Integer.toString(size(value).orElseThrow())));
        app.delete("/api/v3/config/poolsize/{pool}", ctx -> undo(ctx, PoolOverride.SIZE,
                PoolFlag.UNDO_SIZE_OVERRIDE, "pool_size_before_reset", "pool_size_before_overrides"));
        app.post("/api/v3/config/pooltemplate", ctx -> change(ctx, PoolOverride.TEMPLATE, "bad_templates",
                PoolOverrideRoutes::templateProblem, JsonNode::asText));
        app.delete("/api/v3/config/pooltemplate/{pool}", ctx -> undo(ctx, PoolOverride.TEMPLATE,
                PoolFlag.UNDO_TEMPLATE_OVERRIDE, "template_before_reset", "template_before_overrides"));
        app.post("/api/v3/config/clonetarget", ctx -> change(ctx, PoolOverride.CLONE_TARGET, "bad_templates",
                value -> value.isTextual() && !value.asText().isBlank() ? Optional.empty()
                        : Optional.of("the clone target must be a non-empty string"), JsonNode::asText));
        app.post("/api/v3/poolreset", this::reset);
    }

    /**
     * Validates every entry first (400 listing the bad pools under {@code listName}, as the reference, and saying
     * what is wrong with each under {@code error}; nothing changed), then records the overrides that differ from
     * what is in force: 201 when something changed, else 200.
     */
    private void change(Context ctx, PoolOverride kind, String listName,
                        Function<JsonNode, Optional<String>> problem, Function<JsonNode, String> rendering) {
        ObjectNode body = guardedBody(ctx);
        List<String> bad = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        body.properties().forEach(e -> {
            Optional<String> wrong = config.pool(e.getKey()).isEmpty() ? Optional.of("not a configured pool")
                    : problem.apply(e.getValue());
            wrong.ifPresent(reason -> {
                bad.add(e.getKey());
                reasons.add(e.getKey() + ": " + reason);
                metrics.increment("config.invalid." + e.getKey());
            });
        });
        if (!bad.isEmpty()) {
            Map<String, Object> members = new LinkedHashMap<>();
            members.put(listName, bad);
            members.put("error", String.join("; ", reasons));
            throw ApiError.withBody(400, members);
        }
        boolean changed = false;
        for (Map.Entry<String, JsonNode> entry : body.properties()) {
            String pool = entry.getKey();
            String value = rendering.apply(entry.getValue());
            if (!value.equals(current(kind, pool))) {
                store.setOverride(kind, pool, value);
                changed = true;
                LOG.info("[{}] {} override set to '{}' through the API", pool, name(kind), value);
            }
        }
        ApiResponses.json(ctx, changed ? 201 : 200, ApiResponses.ok());
    }

    /** Removes the override and asks the manager to return the pool to its configured value. */
    private void undo(Context ctx, PoolOverride kind, PoolFlag flag, String beforeReset, String beforeOverrides) {
        guard(ctx);
        String pool = ctx.pathParam("pool");
        PoolConfig configured = config.pool(pool).orElseThrow(() -> {
            metrics.increment("config.invalid.unknown");
            return ApiError.bare(404);
        });
        String current = current(kind, pool);
        boolean reset = store.clearOverride(kind, pool);
        if (reset) {
            store.raiseFlag(flag, pool);
            LOG.info("[{}] {} override '{}' removed through the API", pool, name(kind), current);
        }
        Map<String, Object> body = ApiResponses.ok();
        body.put(beforeReset, typed(kind, current));
        body.put(beforeOverrides, typed(kind, configuredValue(kind, configured)));
        ApiResponses.json(ctx, reset ? 201 : 200, body);
    }

    private void reset(Context ctx) {
        ObjectNode body = guardedBody(ctx);
        List<String> bad = new ArrayList<>();
        body.properties().forEach(e -> {
            if (config.pool(e.getKey()).isEmpty()) {
                bad.add(e.getKey());
                metrics.increment("poolreset.invalid." + e.getKey());
            }
        });
        if (!bad.isEmpty()) {
            throw ApiError.withBody(400, Map.of("bad_pools", bad));
        }
        body.properties().forEach(e -> {
            store.raiseFlag(PoolFlag.RESET, e.getKey());
            LOG.info("[{}] reset requested through the API: its ready and pending VMs will be replaced", e.getKey());
        });
        ApiResponses.json(ctx, 201, ApiResponses.ok());
    }

    /** 405 unless the features are on (checked before auth, as the reference), then an administrator's token. */
    private void guard(Context ctx) {
        if (!config.global().api().experimentalFeatures()) {
            throw ApiError.bare(405);
        }
        admins.require(ctx.header(TokenAuthenticator.HEADER));
    }

    private ObjectNode guardedBody(Context ctx) {
        guard(ctx);
        ObjectNode body = JsonBody.read(ctx);
        if (body.isEmpty()) {
            throw ApiError.withMessage(400, "the request body names no pool");
        }
        return body;
    }

    private String current(PoolOverride kind, String pool) {
        return store.override(kind, pool).orElseGet(() -> configuredValue(kind, config.pool(pool).orElseThrow()));
    }

    private String configuredValue(PoolOverride kind, PoolConfig pool) {
        return switch (kind) {
            case SIZE -> Integer.toString(pool.size());
            case TEMPLATE -> pool.template();
            case CLONE_TARGET -> pool.cloneTarget().or(() -> config.global().provisioning().cloneTarget()).orElse("");
        };
    }

    /** Sizes are numbers in the answers, as in the reference. */
    private static Object typed(PoolOverride kind, String value) {
        if (kind == PoolOverride.SIZE) {
            return PoolSize.parse(value).<Object>map(size -> size).orElse(value);
        }
        return value;
    }

    /** A whole number from 0 to {@value #PoolSize.MAX}, given as a JSON number or a string of digits. */
    private static Optional<Integer> size(JsonNode value) {
        return value.isIntegralNumber() || value.isTextual() ? PoolSize.parse(value.asText()) : Optional.empty();
    }

    private static Optional<String> sizeProblem(JsonNode value) {
        return size(value).isPresent() ? Optional.empty() : Optional.of("the size must be a whole number from 0 to "
                + PoolSize.MAX + ", not " + abbreviated(value));
    }

    /** A provider path such as {@code templates/debian}: contains '/', but neither starts nor ends with it. */
    private static Optional<String> templateProblem(JsonNode value) {
        String path = value.isTextual() ? value.asText() : "";
        return path.contains("/") && !path.startsWith("/") && !path.endsWith("/") ? Optional.empty()
                : Optional.of("the template must be a path such as templates/debian, not " + abbreviated(value));
    }

    /** The offending value as sent, cut short: it is echoed back. */
    private static String abbreviated(JsonNode value) {
        String text = value.toString();
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    private static String name(PoolOverride kind) {
        return switch (kind) {
            case SIZE -> "size";
            case TEMPLATE -> "template";
            case CLONE_TARGET -> "clone target";
        };
    }
}
