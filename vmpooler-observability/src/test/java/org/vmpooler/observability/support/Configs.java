package org.vmpooler.observability.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.vmpooler.config.ConfigLoader;
import org.vmpooler.config.ServerConfig;
import org.vmpooler.config.VmpoolerConfig;

/** Real configurations, loaded from YAML by the real loader, listening on a free loopback port. */
public final class Configs {
    public static final String POOLS = """
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

    private Configs() {
    }

    public static VmpoolerConfig load(Path dir, String extraYaml) {
        try {
            Files.writeString(dir.resolve("vmpooler.yaml"), POOLS + extraYaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        VmpoolerConfig c = new ConfigLoader().load(Map.of(), dir);
        return new VmpoolerConfig(c.global(), c.pools(), c.providers(), c.dnsConfigs(), c.redis(), c.auth(), c.metrics(),
                c.graphs(), c.tracing(), c.tagFilters(), c.rateLimits(), new ServerConfig("127.0.0.1", 0), c.document(),
                c.source(), c.loadedAt());
    }
}
