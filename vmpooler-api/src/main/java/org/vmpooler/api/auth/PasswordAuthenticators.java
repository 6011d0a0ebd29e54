package org.vmpooler.api.auth;

import org.vmpooler.config.AuthConfig;

/** The authenticator for the configured {@code :auth: provider}. */
public final class PasswordAuthenticators {
    private PasswordAuthenticators() {
    }

    public static PasswordAuthenticator forConfig(AuthConfig auth) {
        return switch (auth.provider()) {
            case "dummy" -> new DummyAuthenticator();
            case "ldap" -> LdapAuthenticator.withDefaultTrust(auth.ldap().orElseThrow(() ->
                    new IllegalArgumentException(":auth: provider ldap has no :ldap: section")));
            default -> throw new IllegalArgumentException("unknown :auth: provider '" + auth.provider()
                    + "' (expected dummy or ldap)");
        };
    }
}
