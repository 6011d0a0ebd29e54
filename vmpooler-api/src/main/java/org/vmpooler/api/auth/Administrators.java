package org.vmpooler.api.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.api.http.ApiError;
import org.vmpooler.config.AdminAccess;

/**
 * Who may use the administrative routes, which reshape pools for everyone. With authentication configured: a valid
 * token is needed (401), and its user must be an administrator ({@code :auth: admin_users}) unless
 * {@code admin_access: any_token} restores the reference's rule that any valid token will do (403 otherwise).
 * Without authentication there are no users, so the routes stay open as in the reference (the server warns).
 */
public final class Administrators {
    private static final Logger LOG = LoggerFactory.getLogger(Administrators.class);

    private final TokenAuthenticator auth;
    private final AdminAccess access;

    public Administrators(TokenAuthenticator auth, AdminAccess access) {
        this.auth = auth;
        this.access = access;
    }

    /** Returns when the caller, who sent {@code header} as {@code X-AUTH-TOKEN}, is an administrator. */
    public void require(String header) {
        auth.requiredWhenAuthConfigured(header).ifPresent(token -> {
            if (!access.anyToken() && !access.users().contains(token.user())) {
                LOG.info("refused an administrative request by {}, who is not an administrator", token.user());
                throw ApiError.withMessage(403, "Only administrators may change pools");
            }
        });
    }
}
