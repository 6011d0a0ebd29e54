package org.vmpooler.config;

import java.util.Optional;
import java.util.Set;

/**
 * Who may use the administrative routes (pool size, template and clone-target overrides, pool resets) when
 * authentication is configured: the users named in {@code admin_users}, the members of the LDAP group
 * {@code admin_group}, or, with {@code admin_access: any_token}, every valid token as in the reference.
 */
public record AdminAccess(Set<String> users, Optional<String> ldapGroup, boolean anyToken) {
    public static final AdminAccess NOBODY = new AdminAccess(Set.of(), Optional.empty(), false);

    public AdminAccess {
        users = Set.copyOf(users);
    }
}
