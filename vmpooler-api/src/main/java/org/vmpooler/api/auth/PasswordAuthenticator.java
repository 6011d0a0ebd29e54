package org.vmpooler.api.auth;

/**
 * Checks a user's password against the configured {@code :auth:} provider. Implementations accept no blank
 * user and no empty password: an LDAP server treats an empty-password bind as an anonymous success.
 */
public interface PasswordAuthenticator {
    /** True when the provider vouches for the user; false for wrong or unusable credentials. */
    boolean authenticate(String user, String password);
}
