package org.vmpooler.config;

import java.util.Map;

/**
 * Where the HTTP server listens: {@code :config:} {@code port} / {@code bind_address} (already overridden by
 * {@code PORT} / {@code BIND_ADDRESS}); without a bind address, all interfaces only when
 * {@code RACK_ENV=production}, as Sinatra does, else the loopback interface.
 */
final class ServerConfigReader {

    private ServerConfigReader() {
    }

    static ServerConfig read(Settings config, Map<String, String> env, ConfigProblems problems) {
        SectionReader section = new SectionReader(config, problems);
        int port = section.count("port", 4567);
        if (port < 1 || port > 65_535) {
            throw config.invalid("port", port, "a TCP port between 1 and 65535 (env PORT)");
        }
        String fallbackAddress = "production".equals(env.get("RACK_ENV")) ? "0.0.0.0" : "127.0.0.1";
        return new ServerConfig(config.string("bind_address", fallbackAddress), port);
    }
}
