package org.vmpooler.observability.prometheus;

import java.util.List;
import java.util.Locale;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import org.vmpooler.api.http.RouteGroup;

/**
 * The scrape endpoint ({@code prometheus_endpoint}, default {@code /prometheus}): any method, no authentication,
 * the text format 0.0.4; 406 when the client accepts neither text nor anything.
 */
public final class PrometheusRoutes implements RouteGroup {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final List<HandlerType> METHODS = List.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT,
            HandlerType.PATCH, HandlerType.DELETE, HandlerType.HEAD, HandlerType.OPTIONS);

    private final PrometheusRegistry registry;
    private final String endpoint;

    public PrometheusRoutes(PrometheusRegistry registry, String endpoint) {
        this.registry = registry;
        this.endpoint = endpoint;
    }

    @Override
    public void register(RoutesConfig app) {
        for (HandlerType method : METHODS) {
            app.addHttpHandler(method, endpoint, this::scrape);
        }
    }

    private void scrape(Context ctx) {
        if (!acceptsText(ctx.header("Accept"))) {
            ctx.status(406).contentType("text/plain").result("Supported media types: text/plain");
            return;
        }
        ctx.status(200).contentType(CONTENT_TYPE).result(registry.scrape());
    }

    static boolean acceptsText(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        for (String range : accept.split(",")) {
            String type = range.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (type.equals("*/*") || type.equals("text/*") || type.equals("text/plain")) {
                return true;
            }
        }
        return false;
    }
}
