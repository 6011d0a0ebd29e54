package org.vmpooler.api.auth;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Header;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.api.http.ApiError;
import org.vmpooler.api.http.ApiResponses;
import org.vmpooler.api.http.NoBody;
import org.vmpooler.api.http.RouteGroup;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.domain.TokenRecord;
import org.vmpooler.store.Tokens;

/**
 * {@code /api/v3/token}: issue, list and revoke API tokens with the user's password (HTTP Basic), and show one
 * token's owner and running VMs to whoever holds it. Without {@code :auth:} every token route is a 404, as in the
 * reference. A user may revoke only their own tokens; someone else's token answers as an unknown one (401), so
 * the route cannot be used to learn which tokens exist. Tokens themselves are never logged.
 */
public final class TokenRoutes implements RouteGroup {
    static final String BASE = "/api/v3/token";
    private static final Logger LOG = LoggerFactory.getLogger(TokenRoutes.class);
    /** Longer than any token the API issues, with room for tokens created by other tools. */
    private static final int MAX_TOKEN_LENGTH = 128;

    private final VmpoolerConfig config;
    private final Tokens store;
    private final Clock clock;
    private final Optional<PasswordAuthenticator> passwords;
    private final TokenGenerator generator = new TokenGenerator();

    public TokenRoutes(VmpoolerConfig config, Tokens store, Clock clock, Optional<PasswordAuthenticator> passwords) {
        this.config = config;
        this.store = store;
        this.clock = clock;
        this.passwords = passwords;
    }

    @Override
    public void register(RoutesConfig app) {
        app.get(BASE, this::list);
        app.post(BASE, this::issue);
        app.get(BASE + "/{token}", this::show);
        app.delete(BASE + "/{token}", this::revoke);
    }

    private void issue(Context ctx) {
        requireAuthConfigured();
        NoBody.require(ctx);
        String user = authenticatedUser(ctx);
        String token = generator.next();
        store.createToken(token, user, clock.instant());
        LOG.info("issued a new API token to {}", user);
        Map<String, Object> body = ApiResponses.ok();
        body.put("token", token);
        ApiResponses.json(ctx, 200, body);
    }

    /** Each of the user's tokens with its creation and last-use times ("never" when unused); none is a 404. */
    private void list(Context ctx) {
        String user = authenticatedUser(ctx);
        List<TokenRecord> tokens = store.tokensOf(user);
        if (tokens.isEmpty()) {
            throw ApiError.bare(404);
        }
        Map<String, Object> body = ApiResponses.ok();
        for (TokenRecord token : tokens) {
            Map<String, Object> times = new LinkedHashMap<>();
            times.put("created", token.created().orElse(null));
            times.put("last", token.last().orElse("never"));
            body.put(token.token(), times);
        }
        ApiResponses.json(ctx, 200, body);
    }

    /** Knowing the token is the credential here: floaty's {@code list --active} sends nothing else. */
    private void show(Context ctx) {
        requireAuthConfigured();
        String token = ctx.pathParam("token");
        TokenRecord record = known(token).orElseThrow(() -> ApiError.bare(404));
        Map<String, Object> details = new LinkedHashMap<>(record.fields());
        List<String> running = store.runningVmsOfToken(token, config.poolNames());
        if (!running.isEmpty()) {
            details.put("vms", Map.of("running", running));
        }
        Map<String, Object> body = ApiResponses.ok();
        body.put(token, details);
        ApiResponses.json(ctx, 200, body);
    }

    private void revoke(Context ctx) {
        String user = authenticatedUser(ctx);
        String token = ctx.pathParam("token");
        boolean owned = known(token).flatMap(TokenRecord::user).filter(user::equals).isPresent();
        if (!owned || !store.deleteToken(token)) {
            LOG.info("{} tried to revoke a token that is not theirs or does not exist", user);
            throw ApiError.unauthorized();
        }
        LOG.info("{} revoked one of their API tokens", user);
        ApiResponses.json(ctx, 200, ApiResponses.ok());
    }

    private Optional<TokenRecord> known(String token) {
        return token.isEmpty() || token.length() > MAX_TOKEN_LENGTH ? Optional.empty() : store.token(token);
    }

    /** The Basic-auth user the provider accepted: 404 without auth configured, 401 for anything else. */
    private String authenticatedUser(Context ctx) {
        requireAuthConfigured();
        BasicCredentials credentials = BasicCredentials.parse(ctx.header(Header.AUTHORIZATION))
                .orElseThrow(ApiError::unauthorized);
        if (!passwords.get().authenticate(credentials.user(), credentials.password())) {
            LOG.info("refused the password of {} for the token routes", credentials.user());
            throw ApiError.unauthorized();
        }
        return credentials.user();
    }

    private void requireAuthConfigured() {
        if (passwords.isEmpty()) {
            throw ApiError.bare(404);
        }
    }
}
