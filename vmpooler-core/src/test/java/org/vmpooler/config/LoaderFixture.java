package org.vmpooler.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A working directory with config files and an environment map, loaded by the real {@link ConfigLoader}. */
final class LoaderFixture {
    /** Enough for a valid configuration: one DNS config, one pool on the implicit dummy provider. */
    static final String MINIMAL = """
            :dns_configs:
              :example:
                dns_class: dynamic-dns
                domain: example.com
            :pools:
              - name: debian
                template: templates/debian
                size: 2
                dns_plugin: example
            """;

    final Path dir;
    final Map<String, String> env = new HashMap<>();

    LoaderFixture(Path dir) {
        this.dir = dir;
    }

    LoaderFixture file(String name, String yaml) {
        try {
            Files.writeString(dir.resolve(name), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Writes {@code vmpooler.yaml} in the working directory. */
    LoaderFixture config(String yaml) {
        return file("vmpooler.yaml", yaml);
    }

    LoaderFixture env(String name, String value) {
        env.put(name, value);
        return this;
    }

    VmpoolerConfig load() {
        return new ConfigLoader().load(env, dir);
    }

    /** {@link #MINIMAL} plus the given YAML (other sections). */
    VmpoolerConfig loadWith(String yaml) {
        return config(MINIMAL + yaml).load();
    }
}
