package org.vmpooler.provider.ec2;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.vmpooler.config.ConfigException;

/**
 * Reads settings so that every bad key of a section is reported in one error rather than one per restart: each
 * read that fails is remembered with its message and a fallback value stands in until {@link #done} throws them
 * all.
 */
final class SettingsCheck {
    private final List<String> problems = new ArrayList<>();

    <T> T read(Supplier<T> reader, T fallback) {
        try {
            return reader.get();
        } catch (ConfigException e) {
            problems.add(e.getMessage());
            return fallback;
        }
    }

    void problem(String message) {
        problems.add(message);
    }

    void done() {
        if (!problems.isEmpty()) {
            throw new ConfigException(String.join("; ", problems));
        }
    }
}
