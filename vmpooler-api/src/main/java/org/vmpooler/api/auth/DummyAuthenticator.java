package org.vmpooler.api.auth;

/**
 * The reference's development provider: any user whose password differs from the user name. The config loader
 * refuses it unless {@code VMPOOLER_DEBUG} is set.
 */
final class DummyAuthenticator implements PasswordAuthenticator {
    @Override
    public boolean authenticate(String user, String password) {
        return !user.isBlank() && !password.isEmpty() && !user.equals(password);
    }
}
