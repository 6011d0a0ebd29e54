package org.vmpooler.observability.logging;

import java.util.Locale;
import java.util.Optional;

import org.vmpooler.config.ConfigException;

/** How log lines are written: the reference's {@code [YYYY-MM-DD HH:MM:SS] message}, or one JSON object a line. */
public enum LogFormat {
    TEXT,
    JSON;

    /** Reads {@code :config: log_format} / LOG_FORMAT; absent means the reference's text format. */
    public static LogFormat parse(Optional<String> value) {
        if (value.isEmpty() || value.get().isBlank()) {
            return TEXT;
        }
        return switch (value.get().trim().toLowerCase(Locale.ROOT)) {
            case "text", "plain" -> TEXT;
            case "json" -> JSON;
            default -> throw new ConfigException(":config: log_format (LOG_FORMAT) is '" + value.get()
                    + "'; expected 'text' or 'json'");
        };
    }
}
