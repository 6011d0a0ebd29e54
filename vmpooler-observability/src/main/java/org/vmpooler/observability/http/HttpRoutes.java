package org.vmpooler.observability.http;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;

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
            // Javalin remembers the route that took the request; none when the request fell through to the fallback.
            Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
            return endpoint != null && endpoint.path.startsWith("/");
        } catch (RuntimeException e) {
            return false;
        }
    }
}
