package org.vmpooler.api.http;

import java.io.IOException;
import java.nio.ByteBuffer;

import io.javalin.config.JavalinConfig;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The API's JSON error body for errors Jetty raises itself, before or outside the application: a request line or
 * path that is not valid UTF-8 (400), a URI too long (414), headers too large (431) … Jetty would otherwise answer
 * with its HTML error page, while every API error is {@code {"ok": false, "error": ...}}. The only class that knows
 * Jetty's error-handling API.
 */
public final class JsonErrorPages extends ErrorHandler {
    private JsonErrorPages() {
    }

    /** Replaces Jetty's error pages on the server and on Javalin's servlet context. */
    public static void install(JavalinConfig cfg) {
        JsonErrorPages pages = new JsonErrorPages();
        cfg.jetty.modifyServer(server -> server.setErrorHandler(pages));
        cfg.jetty.modifyServletContextHandler(context -> context.setErrorHandler(pages));
    }

    /** Errors found while parsing the request, before any handler runs. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, ApiResponses.JSON);
        return ByteBuffer.wrap(body(status, reason));
    }

    /** Errors of a parsed request that a handler sent with {@code sendError} or threw from below the routes. */
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws IOException {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ApiResponses.JSON);
        // Jetty 12 closes the connection after such an error when the request's body is left unread, without
        // saying so; a client that reused the connection then got no answer to its next request.
        response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    }

    /** Every method gets a body, not only GET, POST and HEAD. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    /** Jetty's reason when it gave one (it never quotes the request), else the status's name. */
    private static byte[] body(int status, String reason) {
        String error = reason == null || reason.isBlank() ? HttpStatus.getMessage(status) : reason;
        return RubyJson.writeBytes(ApiError.withMessage(status, error).body());
    }
}
