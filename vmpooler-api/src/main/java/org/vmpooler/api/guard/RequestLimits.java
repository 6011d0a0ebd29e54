package org.vmpooler.api.guard;

import java.util.Map;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import org.vmpooler.api.http.ApiError;
import org.vmpooler.api.http.RouteGroup;

/**
 * Size limits every request meets before any route sees it: a body of at most {@value #MAX_BODY_BYTES} bytes
 * (a declared larger one is refused with 413 before any route runs; a client that waits for
 * {@code 100 Continue} never sends it) and at most {@value #MAX_HEADER_BYTES} bytes of
 * request line and headers (Jetty answers 431 beyond). JSON bodies have their own, tighter limits in
 * {@link org.vmpooler.api.http.JsonBody}.
 */
public final class RequestLimits implements RouteGroup {
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    public static final int MAX_HEADER_BYTES = 8 * 1024;

    /** The container's share: Javalin's body limit and Jetty's header limit. */
    public static void configure(JavalinConfig cfg) {
        cfg.http.maxRequestSize = MAX_BODY_BYTES;
        cfg.jetty.modifyHttpConfiguration(http -> http.setRequestHeaderSize(MAX_HEADER_BYTES));
    }

    @Override
    public void register(Javalin app) {
        app.before(RequestLimits::checkDeclaredBody);
    }

    private static void checkDeclaredBody(Context ctx) {
        if (ctx.req().getContentLengthLong() > MAX_BODY_BYTES) {
            // Closing the connection spares Jetty reading (and the client sending) a body nobody will look at.
            throw ApiError.withMessage(413, "Request body too large: at most " + MAX_BODY_BYTES + " bytes")
                    .withHeaders(Map.of("Connection", "close"));
        }
    }
}
