package org.vmpooler.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.vmpooler.config.ConfigLoader;
import org.vmpooler.config.RedisConfig;
import org.vmpooler.config.ServerConfig;
import org.vmpooler.config.VmpoolerConfig;

/** Configurations for services started in a test: one small pool, a given store, a free port on 127.0.0.1. */
final class ServiceConfigs {
    static final String POOLS = """
            :dns_configs:
              :example:
                dns_class: dynamic-dns
                domain: example.com
            :pools:
              - name: debian
                template: templates/debian
                size: 1
                dns_plugin: example
            """;

    private ServiceConfigs() {
    }

    /** {@code yaml} loaded as ./vmpooler.yaml from {@code dir}, with the store and port replaced. */
    static VmpoolerConfig load(Path dir, String yaml, Optional<RedisConfig> redis) throws IOException {
        Files.writeString(dir.resolve("vmpooler.yaml"), yaml.isBlank() ? "--- {}\n" : yaml);
        VmpoolerConfig c = new ConfigLoader().load(Map.of(), dir);
        return new VmpoolerConfig(c.global(), c.pools(), c.providers(), c.dnsConfigs(), redis, c.auth(), c.metrics(),
                c.graphs(), c.tracing(), c.tagFilters(), c.rateLimits(), new ServerConfig("127.0.0.1", 0), c.document(),
                c.source(), c.loadedAt());
    }
}
