package org.vmpooler.api.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request that ends in an error response: the status and the JSON body ({@code {"ok": false, ...}}). Thrown
 * anywhere below a route handler and rendered by {@link ApiResponses}, so validation code does not need the
 * HTTP context.
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final Map<String, Object> body;
    private final Map<String, String> headers;

    private ApiError(int status, Map<String, Object> body, Map<String, String> headers) {
        super(status + " " + body, null, false, false);
        this.status = status;
        this.body = body;
        this.headers = headers;
    }

    /** {@code {"ok": false}} with the status. */
    public static ApiError bare(int status) {
        return new ApiError(status, ApiResponses.notOk(), Map.of());
    }

    /** {@code {"ok": false, "error": message}}: the reference's shape for validation failures. */
    public static ApiError withMessage(int status, String message) {
        Map<String, Object> body = ApiResponses.notOk();
        body.put("error", message);
        return new ApiError(status, body, Map.of());
    }

    /** Any other {@code ok: false} body; {@code ok} is put first. */
    public static ApiError withBody(int status, Map<String, Object> members) {
        Map<String, Object> body = ApiResponses.notOk();
        body.putAll(members);
        return new ApiError(status, body, Map.of());
    }

    /** 401 with the reference's Basic challenge, for token and password failures alike. */
    public static ApiError unauthorized() {
        return new ApiError(401, ApiResponses.notOk(),
                Map.of("WWW-Authenticate", "Basic realm=\"Authentication required\""));
    }

    public int status() {
        return status;
    }

    public Map<String, Object> body() {
        return new LinkedHashMap<>(body);
    }

    public Map<String, String> headers() {
        return headers;
    }
}
