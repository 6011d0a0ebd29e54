package org.vmpooler.config;

/** A Graphite-web server the dashboard may read history from ({@code :graphs:}, else {@code :graphite:}). */
public record GraphsConfig(String server, String prefix) {
}
