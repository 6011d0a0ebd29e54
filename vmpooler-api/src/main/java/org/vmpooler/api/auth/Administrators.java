package org.vmpooler.api.auth;

import java.util.Optional;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.api.http.ApiError;
import org.vmpooler.config.AdminAccess;
import org.vmpooler.config.AuthConfig;

/**
 * Who may use the administrative routes, which reshape pools for everyone. With authentication configured: a valid
 * token is needed (401), and its user must be an administrator (403 otherwise): named in {@code :auth: admin_users}
 * or a member of the LDAP group {@code admin_group}, unless {@code admin_access: any_token} restores the
 * reference's rule that any valid token will do. Without authentication there are no users, so the routes stay
 * open as in the reference (the server warns at start).
 */
public final class Administrators {
    private static final Logger LOG = LoggerFactory.getLogger(Administrators.class);

    private final TokenAuthenticator auth;
    private final AdminAccess access;
    private final Predicate<String> inAdminGroup;

    /** {@code inAdminGroup}: whether a user belongs to the configured admin group (never, without one). */
    public Administrators(TokenAuthenticator auth, AdminAccess access, Predicate<String> inAdminGroup) {
        this.auth = auth;
        this.access = access;
        this.inAdminGroup = inAdminGroup;
    }

    /** The administrators of {@code config}, the admin group read from its LDAP directory. */
    public static Administrators forConfig(TokenAuthenticator auth, Optional<AuthConfig> config) {
        AdminAccess access = config.map(AuthConfig::admins).orElse(AdminAccess.NOBODY);
        Predicate<String> inGroup = access.ldapGroup().<Predicate<String>>map(group -> {
            LdapAuthenticator ldap = LdapAuthenticator.withDefaultTrust(config.flatMap(AuthConfig::ldap)
                    .orElseThrow(() -> new IllegalArgumentException(":auth: admin_group needs an :ldap: section")));
            return user -> ldap.isMember(user, group);
        }).orElse(user -> false);
        return new Administrators(auth, access, inGroup);
    }

    /** Returns when the caller, who sent {@code header} as {@code X-AUTH-TOKEN}, is an administrator. */
    public void require(String header) {
        auth.requiredWhenAuthConfigured(header).ifPresent(token -> {
            if (!access.anyToken() && !access.users().contains(token.user()) && !inAdminGroup.test(token.user())) {
                LOG.info("refused an administrative request by {}, who is not an administrator", token.user());
                throw ApiError.withMessage(403, "Only administrators may change pools");
            }
        });
    }
}
