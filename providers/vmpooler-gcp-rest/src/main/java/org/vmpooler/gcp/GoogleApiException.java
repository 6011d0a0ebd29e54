package org.vmpooler.gcp;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A Google Cloud API answered with an error (or could not be reached, {@code status} 0). {@code reasons} are the
 * machine-readable codes of the error body's {@code error.errors[].reason} (or of a failed operation's
 * {@code error.errors[].code}), which callers map to what they mean ({@code notFound}, {@code QUOTA_EXCEEDED} …).
 */
public class GoogleApiException extends RuntimeException {
    private final int status;
    private final List<String> reasons;
    private final Duration retryAfter;

    public GoogleApiException(int status, List<String> reasons, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.reasons = List.copyOf(reasons);
        this.retryAfter = retryAfter;
    }

    public GoogleApiException(int status, List<String> reasons, String message) {
        this(status, reasons, message, null, null);
    }

    /** The HTTP status, 0 when no answer came. */
    public int status() {
        return status;
    }

    public List<String> reasons() {
        return reasons;
    }

    public boolean hasReason(String reason) {
        return reasons.stream().anyMatch(reason::equalsIgnoreCase);
    }

    /** How long the API asked the caller to wait ({@code Retry-After}), when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
