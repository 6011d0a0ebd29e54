package org.vmpooler.config;

import java.util.List;
import java.util.Optional;

/**
 * {@code :auth: :ldap:}. {@code bases} and {@code userObjects} are tried in order (every base × every user
 * object). With a service account, vmpooler binds as it, searches the user, and re-binds as the user.
 * {@code encryption} defaults to {@link Encryption#START_TLS}; plain LDAP only when configured so.
 */
public record LdapConfig(String host, int port, List<String> bases, List<String> userObjects,
                         Optional<ServiceAccount> serviceAccount, Encryption encryption,
                         Optional<String> tlsVersion) {

    public enum Encryption {
        SIMPLE_TLS,
        START_TLS,
        PLAIN
    }

    public record ServiceAccount(String userDn, String password) {
        @Override
        public String toString() {
            return "ServiceAccount[userDn=" + userDn + ", password=<redacted>]";
        }
    }

    public LdapConfig {
        bases = List.copyOf(bases);
        userObjects = List.copyOf(userObjects);
    }
}
