package org.vmpooler.server;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** What one vmpooler process runs: the REST API, the pool manager, or both. */
public enum Role {
    API,
    MANAGER;

    /**
     * The roles named by the command line, as the reference reads it: {@code api} and/or {@code manager},
     * {@code server} (or nothing) for both. Empty when an argument is not a role.
     */
    public static Optional<Set<Role>> parse(List<String> args) {
        if (args.isEmpty()) {
            return Optional.of(EnumSet.allOf(Role.class));
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String arg : args) {
            switch (arg.toLowerCase(Locale.ROOT)) {
                case "server" -> roles.addAll(EnumSet.allOf(Role.class));
                case "api" -> roles.add(API);
                case "manager" -> roles.add(MANAGER);
                default -> {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(roles);
    }
}
