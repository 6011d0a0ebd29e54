package org.vmpooler.api.guard;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.api.auth.TokenAuthenticator;
import org.vmpooler.api.http.ApiError;
import org.vmpooler.api.http.RouteGroup;
import org.vmpooler.config.RateLimits;
import org.vmpooler.domain.RateCount;
import org.vmpooler.store.Operations;
import org.vmpooler.store.Tokens;

/**
 * {@code rate_limiting_enabled}: counts each request against its endpoint class's limit per client and answers
 * 429 once the client has used up the current window. Windows are fixed (the store counts from the first hit of
 * a window and never extends it, unlike the reference), and only a token the store knows gets its own bucket: an
 * unknown or made-up {@code X-AUTH-TOKEN} counts under the client's IP address, so random tokens cannot open
 * fresh buckets. The health check and the metrics endpoint are not limited, as in the reference.
 */
public final class RateLimiter implements RouteGroup {
    private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);

    private final RateLimits limits;
    private final Tokens tokens;
    private final Operations operations;
    private final Clock clock;
    private final Set<String> unlimitedPaths;

    public RateLimiter(RateLimits limits, Tokens tokens, Operations operations, Clock clock, Set<String> unlimitedPaths) {
        this.limits = limits;
        this.tokens = tokens;
        this.operations = operations;
        this.clock = clock;
        this.unlimitedPaths = Set.copyOf(unlimitedPaths);
    }

    @Override
    public void register(RoutesConfig app) {
        app.before(this::check);
    }

    private void check(Context ctx) {
        if (unlimitedPaths.contains(trimmed(ctx.path()))) {
            return;
        }
        String token = ctx.header(TokenAuthenticator.HEADER);
        boolean knownToken = token != null && !token.isBlank() && tokens.token(token.trim()).isPresent();
        String client = knownToken ? "token:" + token.trim() : "ip:" + ctx.ip();
        EndpointClass endpoint = EndpointClass.of(ctx.method(), ctx.path(), knownToken);
        RateLimits.Limit limit = endpoint.limitIn(limits);
        RateCount count = operations.hitRateLimit(endpoint.key(), client, limit.period());
        if (count.count() > limit.limit()) {
            throw exceeded(ctx, endpoint, limit, count.remaining(), knownToken);
        }
    }

    private ApiError exceeded(Context ctx, EndpointClass endpoint, RateLimits.Limit limit, Duration remaining,
                              boolean knownToken) {
        long retryAfter = Math.max(1, (remaining.toMillis() + 999) / 1000);
        LOG.warn("rate limit {} exceeded by {} on {} {}; retry in {} s", endpoint.key(),
                knownToken ? "a token client" : "ip " + ctx.ip(), ctx.method(), RequestLog.masked(ctx.path()),
                retryAfter);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "Rate limit exceeded");
        body.put("limit", limit.limit());
        body.put("period", limit.period().toSeconds());
        body.put("retry_after", retryAfter);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-RateLimit-Limit", Integer.toString(limit.limit()));
        headers.put("X-RateLimit-Remaining", "0");
        headers.put("X-RateLimit-Reset", Long.toString(clock.instant().getEpochSecond() + retryAfter));
        headers.put("Retry-After", Long.toString(retryAfter));
        return ApiError.withBody(429, body).withHeaders(headers);
    }

    private static String trimmed(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** The reference's classes, first match wins. */
    enum EndpointClass {
        VM_CREATION("vm_creation"),
        VM_DELETION("vm_deletion"),
        AUTHENTICATED("authenticated"),
        GLOBAL_PER_IP("global_per_ip");

        private final String key;

        EndpointClass(String key) {
            this.key = key;
        }

        static EndpointClass of(HandlerType method, String path, boolean knownToken) {
            boolean vmPath = path.contains("/vm");
            if (method == HandlerType.POST && vmPath) {
                return VM_CREATION;
            }
            if (method == HandlerType.DELETE && vmPath) {
                return VM_DELETION;
            }
            return knownToken ? AUTHENTICATED : GLOBAL_PER_IP;
        }

        String key() {
            return key;
        }

        RateLimits.Limit limitIn(RateLimits limits) {
            return switch (this) {
                case VM_CREATION -> limits.vmCreation();
                case VM_DELETION -> limits.vmDeletion();
                case AUTHENTICATED -> limits.authenticated();
                case GLOBAL_PER_IP -> limits.globalPerIp();
            };
        }
    }
}
