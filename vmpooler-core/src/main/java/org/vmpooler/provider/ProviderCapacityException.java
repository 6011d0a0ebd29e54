package org.vmpooler.provider;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The platform turned a request away for want of quota or capacity, or throttled the caller. Retrying at once
 * only adds load, retrying later can succeed: the manager backs off cloning for the pool (at least
 * {@code retryAfter} when the platform said how long) and reports the reason per pool.
 */
public class ProviderCapacityException extends ProviderException {

    /** Why the platform said no, in the words an operator graphs and reads in /status. */
    public enum Kind {
        /** A project, account or region limit (GCE {@code QUOTA_EXCEEDED}, EC2 {@code InstanceLimitExceeded}). */
        QUOTA,
        /** The zone or subnet has no room now (GCE {@code ZONE_RESOURCE_POOL_EXHAUSTED}, EC2 {@code InsufficientInstanceCapacity}). */
        CAPACITY,
        /** Too many API calls (HTTP 429, EC2 {@code RequestLimitExceeded}, throttling). */
        THROTTLED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Kind kind;
    private final Duration retryAfter;

    public ProviderCapacityException(Kind kind, String message, Duration retryAfter, Throwable cause) {
        super(message, false, cause);
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    public ProviderCapacityException(Kind kind, String message, Throwable cause) {
        this(kind, message, null, cause);
    }

    public Kind kind() {
        return kind;
    }

    /** How long the platform asked the caller to wait, when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
