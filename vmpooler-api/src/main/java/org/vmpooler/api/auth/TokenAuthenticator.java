package org.vmpooler.api.auth;

import java.time.Clock;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.api.http.ApiError;
import org.vmpooler.store.Tokens;

/**
 * Checks the {@code X-AUTH-TOKEN} header (servlet header lookup is case-insensitive, so floaty's
 * {@code X-Auth-Token} matches). "Auth configured" means the config has an {@code :auth:} section; a token is
 * valid when the store has its record, and each successful check records its last use.
 */
public final class TokenAuthenticator {
    public static final String HEADER = "X-AUTH-TOKEN";
    private static final Logger LOG = LoggerFactory.getLogger(TokenAuthenticator.class);

    private final boolean authConfigured;
    private final Tokens store;
    private final Clock clock;

    public TokenAuthenticator(boolean authConfigured, Tokens store, Clock clock) {
        this.authConfigured = authConfigured;
        this.store = store;
        this.clock = clock;
    }

    public boolean authConfigured() {
        return authConfigured;
    }

    /**
     * The reference's "token if given": without auth, or without the header, the caller is anonymous; with auth
     * configured a header naming an unknown token is a 401.
     */
    public Optional<AuthenticatedToken> ifPresent(String header) {
        if (!authConfigured || blank(header)) {
            return Optional.empty();
        }
        return Optional.of(valid(header));
    }

    /** With auth configured a valid token is mandatory (401 otherwise); without auth nobody is asked for one. */
    public Optional<AuthenticatedToken> requiredWhenAuthConfigured(String header) {
        if (!authConfigured) {
            return Optional.empty();
        }
        if (blank(header)) {
            throw ApiError.unauthorized();
        }
        return Optional.of(valid(header));
    }

    /** A valid token whatever the configuration: for acting on a VM that was checked out with one. */
    public AuthenticatedToken required(String header) {
        if (blank(header)) {
            throw ApiError.unauthorized();
        }
        return valid(header);
    }

    private AuthenticatedToken valid(String header) {
        String token = header.trim();
        return store.useToken(token, clock.instant())
                .map(record -> new AuthenticatedToken(token, record.user().orElse("")))
                .orElseThrow(() -> {
                    LOG.info("rejected an unknown API token");
                    return ApiError.unauthorized();
                });
    }

    private static boolean blank(String header) {
        return header == null || header.isBlank();
    }
}
