package org.vmpooler.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the configuration document comes from, in the reference's order: the YAML text of
 * {@code VMPOOLER_CONFIG}, else the file {@code VMPOOLER_CONFIG_FILE}, else {@code vmpooler.yaml} in the working
 * directory. When none exists, the embedded example (the dummy provider on the in-memory store) is used so
 * that vmpooler starts with nothing to set up.
 */
record ConfigSource(String description, String yamlText) {
    private static final String DEFAULT_FILE = "vmpooler.yaml";
    private static final String EMBEDDED_RESOURCE = "vmpooler.yaml.dummy-example";
    private static final String EMBEDDED_DESCRIPTION = "the embedded default configuration (" + EMBEDDED_RESOURCE + ")";

    static ConfigSource resolve(Map<String, String> env, Path workingDirectory) {
        String inline = env.get("VMPOOLER_CONFIG");
        if (inline != null && !inline.isBlank()) {
            return new ConfigSource("environment variable VMPOOLER_CONFIG", inline);
        }
        String configured = env.get("VMPOOLER_CONFIG_FILE");
        if (configured != null && !configured.isBlank()) {
            Path file = workingDirectory.resolve(configured.trim());
            if (!Files.isRegularFile(file)) {
                throw new ConfigException("the configuration file " + file + " named by VMPOOLER_CONFIG_FILE does"
                        + " not exist or is not a file");
            }
            return fromFile(file);
        }
        Path file = workingDirectory.resolve(DEFAULT_FILE);
        return Files.isRegularFile(file) ? fromFile(file) : embedded();
    }

    static ConfigSource fromFile(Path file) {
        try {
            return new ConfigSource(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigException("cannot read the configuration file " + file + ": " + e.getMessage(), e);
        }
    }

    static ConfigSource embedded() {
        try (InputStream in = ConfigSource.class.getResourceAsStream(EMBEDDED_RESOURCE)) {
            if (in == null) {
                throw new ConfigException("no configuration given and " + EMBEDDED_DESCRIPTION
                        + " is missing from the classpath");
            }
            return new ConfigSource(EMBEDDED_DESCRIPTION, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigException("cannot read " + EMBEDDED_DESCRIPTION + ": " + e.getMessage(), e);
        }
    }
}
