package org.vmpooler.api.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import io.javalin.http.Context;

/**
 * For routes that read no request body: one sent anyway (declared or chunked) is refused rather than ignored, so
 * a client that meant to send something learns it was not read, and nobody can make the server swallow megabytes.
 * The connection is closed so the container does not read the rest.
 */
public final class NoBody {
    private NoBody() {
    }

    public static void require(Context ctx) {
        if (ctx.req().getContentLengthLong() > 0 || firstByte(ctx) != -1) {
            throw ApiError.withMessage(400, "This route takes no request body")
                    .withHeaders(Map.of("Connection", "close"));
        }
    }

    /** Only one byte is read, whatever the client sends. */
    private static int firstByte(Context ctx) {
        try {
            InputStream in = ctx.req().getInputStream();
            return in.read();
        } catch (IOException e) {
            throw ApiError.withMessage(400, "Request body could not be read: " + e.getMessage());
        }
    }
}
