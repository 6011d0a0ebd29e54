package org.vmpooler.api.http;

import java.io.IOException;
import java.io.InputStream;

import io.javalin.http.Context;

/**
 * For routes that read no request body: one sent anyway (declared or chunked) is refused rather than ignored, so
 * a client that meant to send something learns it was not read. The connection stays open: the rest of the body
 * is read and dropped before the answer goes out ({@link org.vmpooler.api.guard.RequestLimits} bounds how much),
 * because closing it while the client is still sending resets the connection and the client loses the answer.
 */
public final class NoBody {
    private NoBody() {
    }

    public static void require(Context ctx) {
        if (ctx.req().getContentLengthLong() > 0 || firstByte(ctx) != -1) {
            throw ApiError.withMessage(400, "This route takes no request body");
        }
    }

    /** Only one byte is read here, whatever the client sends. */
    private static int firstByte(Context ctx) {
        try {
            InputStream in = ctx.req().getInputStream();
            return in.read();
        } catch (IOException e) {
            throw ApiError.withMessage(400, "Request body could not be read: " + e.getMessage());
        }
    }
}
