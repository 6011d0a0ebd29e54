package org.vmpooler.api.guard;

import java.util.regex.Pattern;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code request_logger}: one line per request with method, path, status and duration. Unlike the reference it
 * never logs bodies (they carry new tokens) nor query strings or headers, and a token in the path is masked.
 */
public final class RequestLog {
    private static final Logger LOG = LoggerFactory.getLogger(RequestLog.class);
    private static final Pattern TOKEN_IN_PATH = Pattern.compile("^(/api/v3/token/)[^/]+");
    static final String MASK = "<redacted>";

    private RequestLog() {
    }

    public static void configure(JavalinConfig cfg) {
        cfg.requestLogger.http(RequestLog::log);
    }

    private static void log(Context ctx, Float millis) {
        LOG.info("API: {} {} -> {} in {} ms", ctx.method(), masked(ctx.path()), ctx.status().getCode(),
                Math.round(millis));
    }

    /** The path as it may be logged: a token in it is replaced by {@value #MASK}. */
    public static String masked(String path) {
        return TOKEN_IN_PATH.matcher(path).replaceFirst("$1" + MASK);
    }
}
