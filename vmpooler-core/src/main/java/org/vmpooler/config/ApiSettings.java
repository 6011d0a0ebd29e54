package org.vmpooler.config;

import java.util.List;
import java.util.Optional;

/**
 * The {@code :config:} keys the API reads. {@code allowedTags} empty means every tag name is allowed.
 * {@code ownershipEnforced}: when auth is configured, a token may change or delete only the VMs it checked out
 * (key {@code enforce_vm_ownership}; the reference lets any valid token act on any VM).
 */
public record ApiSettings(String siteName, Optional<List<String>> allowedTags, boolean experimentalFeatures,
                          boolean usageStats, boolean requestLogger, boolean rateLimitingEnabled,
                          boolean ownershipEnforced) {
    public ApiSettings {
        allowedTags = allowedTags.map(List::copyOf);
    }
}
