package org.vmpooler.config;

import java.util.Optional;

/**
 * {@code :auth:}: {@code provider} is {@code dummy} or {@code ldap}; {@code ldap} holds the LDAP options;
 * {@code admins} says who may use the administrative routes; {@code privateReads} extends
 * {@code enforce_vm_ownership} to reading a VM or an on-demand request.
 */
public record AuthConfig(String provider, Optional<LdapConfig> ldap, AdminAccess admins, boolean privateReads) {
    /** No administrators, public reads: the defaults of the optional keys. */
    public AuthConfig(String provider, Optional<LdapConfig> ldap) {
        this(provider, ldap, AdminAccess.NOBODY, false);
    }
}
