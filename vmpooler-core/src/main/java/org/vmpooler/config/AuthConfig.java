package org.vmpooler.config;

import java.util.Optional;

/** {@code :auth:}: {@code provider} is {@code dummy} or {@code ldap}; {@code ldap} holds the LDAP options. */
public record AuthConfig(String provider, Optional<LdapConfig> ldap) {
}
