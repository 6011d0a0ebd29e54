package org.vmpooler.domain;

import java.util.Optional;

/**
 * The outcome of an on-demand request, kept in its hash's {@code status} field. A request without one is still
 * in progress; once it has one, nothing more is cloned or delivered for it.
 */
public enum RequestStatus {
    /** Every requested VM was delivered. */
    READY("ready"),
    /** Provisioning gave up (the reason, when known, is in {@code failure_reason}). */
    FAILED("failed"),
    /** The client deleted the request; its VMs went to completed. */
    DELETED("deleted");

    private final String wireName;

    RequestStatus(String wireName) {
        this.wireName = wireName;
    }

    /** The value stored in the request's {@code status} field. */
    public String wireName() {
        return wireName;
    }

    /** The status a stored value names; empty for an empty or unknown value. */
    public static Optional<RequestStatus> fromWire(String value) {
        for (RequestStatus status : values()) {
            if (status.wireName.equals(value)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
