package org.vmpooler.provider;

import java.util.Optional;

/**
 * The answer of a readiness probe. When not ready, {@code reason} says why (the reference keeps it in the VM's
 * {@code open_socket_error} field, which the manager writes from here).
 */
public record Readiness(boolean ready, Optional<String> reason) {
    public static Readiness isReady() {
        return new Readiness(true, Optional.empty());
    }

    public static Readiness notReady(String reason) {
        return new Readiness(false, Optional.ofNullable(reason));
    }
}
