package org.vmpooler.api.http;

import java.util.LinkedHashMap;
import java.util.Map;

import io.javalin.http.Context;

/** Writes the API's JSON responses: {@code application/json} without charset, Ruby pretty layout. */
public final class ApiResponses {
    public static final String JSON = "application/json";

    private ApiResponses() {
    }

    public static void json(Context ctx, int status, Object body) {
        ctx.status(status);
        ctx.contentType(JSON);
        ctx.result(RubyJson.write(body));
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
