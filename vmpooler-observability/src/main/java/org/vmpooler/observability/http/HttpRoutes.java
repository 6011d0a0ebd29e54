package org.vmpooler.observability.http;

import io.javalin.http.Context;

/** What the observers of a request need to know about how it was routed. */
public final class HttpRoutes {
    private HttpRoutes() {
    }

    /** Whether a route took the request; a 404 that no route produced is the server's fallback. */
    public static boolean matched(Context ctx) {
        if (ctx.statusCode() != 404) {
            return true;
        }
        try {
            // Javalin names the route that took the request; without one it puts a description there instead.
            String endpoint = ctx.endpointHandlerPath();
            return endpoint != null && endpoint.startsWith("/");
        } catch (RuntimeException e) {
            return false;
        }
    }
}
