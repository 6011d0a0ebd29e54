package org.vmpooler.api.guard;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
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
    public void register(RoutesConfig app) {
        app.before(RequestLimits::checkDeclaredBody);
        app.after(RequestLimits::readUnreadBody);
    }

    private static void checkDeclaredBody(Context ctx) {
        if (ctx.req().getContentLengthLong() > MAX_BODY_BYTES) {
            // Closing the connection spares Jetty reading (and the client sending) a body nobody will look at.
            throw ApiError.withMessage(413, "Request body too large: at most " + MAX_BODY_BYTES + " bytes")
                    .withHeaders(Map.of("Connection", "close"));
        }
    }

    /**
     * Reads what a route left of an allowed body (a 404, a route that takes none) before the answer goes out.
     * Jetty 12 closes a connection whose request body is left unread; closed with the body still arriving, the
     * connection is reset under a client that is still sending it, and the client never sees the answer. A body
     * the route already refused with {@code Connection: close} is not read. Most requests carry no body at all
     * (neither a length nor chunks) and are passed by without touching the stream.
     */
    private static void readUnreadBody(Context ctx) {
        boolean noBody = ctx.req().getContentLengthLong() <= 0 && ctx.req().getHeader("Transfer-Encoding") == null;
        if (noBody || "close".equalsIgnoreCase(ctx.res().getHeader("Connection"))) {
            return;
        }
        byte[] buffer = new byte[8192];
        long read = 0;
        try {
            InputStream body = ctx.req().getInputStream();
            for (int n = body.read(buffer); n >= 0 && read <= MAX_BODY_BYTES; n = body.read(buffer)) {
                read += n;
            }
        } catch (IOException | IllegalStateException e) {
            // The client is gone, or the body was taken another way: nothing is left to read.
        }
    }
}
