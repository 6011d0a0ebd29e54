package org.vmpooler.api.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.javalin.http.Context;

/** Writes the API's JSON responses: {@code application/json} without charset, Ruby pretty layout. */
public final class ApiResponses {
    public static final String JSON = "application/json";

    private ApiResponses() {
    }

    /**
     * Writes the body straight to the response: a result set with {@code ctx.result} is copied through a fresh
     * 8 KiB buffer per response, which at thousands of requests a second was most of the API's garbage.
     */
    public static void json(Context ctx, int status, Object body) {
        byte[] bytes = RubyJson.writeBytes(body);
        ctx.status(status);
        ctx.contentType(JSON);
        try {
            ctx.outputStream().write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("the client went away while the response was written", e);
        }
    }

    public static void error(Context ctx, ApiError error) {
        error.headers().forEach(ctx::header);
        json(ctx, error.status(), error.body());
    }

    /** A fresh, mutable {@code {"ok": true}} to add members to, {@code ok} staying first. */
    public static Map<String, Object> ok() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ok", true);
        return body;
    }

    public static Map<String, Object> notOk() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ok", false);
        return body;
    }
}
