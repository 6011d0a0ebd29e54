package org.vmpooler.provider.gce;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.vmpooler.gcp.GoogleApiException;
import org.vmpooler.provider.ProviderCapacityException;
import org.vmpooler.provider.ProviderCapacityException.Kind;
import org.vmpooler.provider.ProviderException;

/**
 * What a Compute Engine error means to the engine: quota, zone capacity and throttling become
 * {@link ProviderCapacityException}s (the engine backs the pool off and shows the reason); what retrying cannot fix
 * (an unknown image or machine type, a refused permission) is permanent; everything else is an ordinary failure.
 */
final class GceErrors {
    private GceErrors() {
    }

    /** An error answer of the API to {@code what} (an HTTP error after the client's own retries). */
    static ProviderException of(String what, GoogleApiException e) {
        String message = what + ": " + e.getMessage();
        if (e.status() == 429 || e.hasReason("rateLimitExceeded") || e.hasReason("userRateLimitExceeded")) {
            return new ProviderCapacityException(Kind.THROTTLED, message, e.retryAfter().orElse(null), e);
        }
        if (e.hasReason("quotaExceeded") || e.hasReason("QUOTA_EXCEEDED")) {
            return new ProviderCapacityException(Kind.QUOTA, message, e);
        }
        if (e.status() == 503) {
            return new ProviderCapacityException(Kind.THROTTLED, message, e.retryAfter().orElse(null), e);
        }
        boolean permanent = e.status() == 400 || e.status() == 401 || e.status() == 403;
        return new ProviderException(message, permanent, e);
    }

    /** A zone or global operation that finished with {@code error.errors}: every error's code and message. */
    static ProviderException operationFailed(String what, JsonNode operation) {
        List<String> codes = new ArrayList<>();
        List<String> details = new ArrayList<>();
        for (JsonNode error : operation.path("error").path("errors")) {
            codes.add(error.path("code").asText());
            details.add(error.path("code").asText() + ": " + error.path("message").asText());
        }
        String message = what + " failed (operation " + operation.path("name").asText() + "): "
                + String.join("; ", details);
        if (codes.contains("QUOTA_EXCEEDED")) {
            return new ProviderCapacityException(Kind.QUOTA, message, null);
        }
        if (codes.stream().anyMatch(c -> c.startsWith("ZONE_RESOURCE_POOL_EXHAUSTED"))) {
            return new ProviderCapacityException(Kind.CAPACITY, message, null);
        }
        return new ProviderException(message);
    }
}
