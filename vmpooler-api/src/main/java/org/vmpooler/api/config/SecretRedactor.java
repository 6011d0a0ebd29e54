package org.vmpooler.api.config;

import java.util.Map;

import org.vmpooler.config.VmpoolerConfig;

/** The loaded configuration document with every secret replaced, safe to show on {@code /full_config}. */
@FunctionalInterface
public interface SecretRedactor {
    Map<String, Object> redact(VmpoolerConfig config);
}
