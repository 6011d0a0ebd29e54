package org.vmpooler.provider.vsphere;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.vmpooler.config.ConfigException;

/** Collects every invalid setting of a provider instance and its pools, so one start reports them all. */
final class SettingErrors {
    private final List<String> messages = new ArrayList<>();

    /** The value {@code read} gives, or empty after recording why it is invalid. */
    <T> Optional<T> read(Supplier<T> read) {
        try {
            return Optional.ofNullable(read.get());
        } catch (ConfigException e) {
            messages.add(e.getMessage());
            return Optional.empty();
        }
    }

    void add(String message) {
        messages.add(message);
    }

    int count() {
        return messages.size();
    }

    void throwIfAny(String instance) {
        if (!messages.isEmpty()) {
            throw new ConfigException("vsphere provider " + instance + ": " + String.join("; ", messages));
        }
    }
}
