package org.vmpooler.domain;

import java.util.List;

/** The outcome of {@link CheckoutRequest}: every VM granted, or none and the first name that could not be served. */
public sealed interface CheckoutResult {

    /** One VM handed out: the name the client asked for, the VM and the pool it came from. */
    record Grant(String requested, String vm, String pool) {
    }

    record Granted(List<Grant> grants) implements CheckoutResult {
        public Granted {
            grants = List.copyOf(grants);
        }
    }

    record Unavailable(String requested) implements CheckoutResult {
    }
}
