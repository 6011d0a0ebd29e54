package org.vmpooler.config;

import java.util.Optional;

/**
 * {@code :tracing:}. {@code endpoint} is the OTLP endpoint; a reference {@code jaeger_host} is mapped onto
 * Jaeger's OTLP receiver. Booleans are parsed as booleans (the reference treats YAML {@code false} as on).
 */
public record TracingConfig(boolean enabled, Optional<String> endpoint) {
    public static final TracingConfig DISABLED = new TracingConfig(false, Optional.empty());
}
