package org.vmpooler.config;

/**
 * Where the HTTP server listens: {@code PORT} / {@code :config: port} (default 4567) and
 * {@code BIND_ADDRESS} / {@code :config: bind_address} (default {@code 0.0.0.0} when
 * {@code RACK_ENV=production}, else {@code 127.0.0.1}, as Sinatra does).
 */
public record ServerConfig(String bindAddress, int port) {
}
