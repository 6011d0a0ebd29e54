package org.vmpooler.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Typed, unit-aware reading of one configuration section, on top of {@link Settings}: whole numbers that
 * must not be negative, durations in the unit the reference uses for the key, and a warning for every key
 * the section does not know (a misspelt key is reported, with the closest known key, instead of silently
 * ignored). A bad value is recorded in the {@link ConfigProblems} and the key's default is used, so the rest of
 * the section is still checked.
 */
final class SectionReader {
    private final Settings settings;
    private final ConfigProblems problems;

    SectionReader(Settings settings, ConfigProblems problems) {
        this.settings = settings;
        this.problems = problems;
    }

    /** A top-level section, with its path spelt as in the YAML ({@code :redis:}) for messages. */
    static Settings topLevel(Settings document, String name) {
        Object value = document.raw(name).orElse(Map.of());
        if (!(value instanceof Map<?, ?> map)) {
            throw new ConfigException("the section :" + name + ": in " + document.source()
                    + " must be a map of settings, not '" + value + "'");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> values = (Map<String, Object>) map;
        return new Settings(values, ":" + name + ":", document.source());
    }

    Settings settings() {
        return settings;
    }

    ConfigProblems problems() {
        return problems;
    }

    /** Records a warning for each key that is not in {@code known}, naming the closest known key. */
    SectionReader warnUnknownKeys(Set<String> known) {
        for (String key : settings.keys()) {
            if (!known.contains(key)) {
                problems.warn(KeySuggestion.unknownKey(settings, key, known));
            }
        }
        return this;
    }

    Optional<Integer> count(String key) {
        return read(() -> {
            // Settings.integer would silently wrap a YAML number beyond the int range.
            settings.raw(key).filter(raw -> raw instanceof Long n && n != n.intValue()).ifPresent(raw -> {
                throw settings.invalid(key, raw, "a whole number below 2147483648");
            });
            Optional<Integer> value = settings.integer(key);
            value.filter(v -> v < 0).ifPresent(v -> {
                throw settings.invalid(key, v, "a whole number of at least 0");
            });
            return value;
        }).flatMap(v -> v);
    }

    int count(String key, int fallback) {
        return count(key).orElse(fallback);
    }

    int positive(String key, int fallback) {
        int value = count(key, fallback);
        if (value < 1) {
            problems.error(settings.invalid(key, value, "a whole number of at least 1").getMessage());
            return fallback;
        }
        return value;
    }

    boolean bool(String key, boolean fallback) {
        return read(() -> settings.bool(key, fallback)).orElse(fallback);
    }

    Optional<String> string(String key) {
        return read(() -> settings.string(key)).flatMap(v -> v);
    }

    String string(String key, String fallback) {
        return string(key).orElse(fallback);
    }

    Optional<Duration> minutes(String key) {
        return count(key).map(Duration::ofMinutes);
    }

    Optional<Duration> hours(String key) {
        return count(key).map(Duration::ofHours);
    }

    Optional<Duration> seconds(String key) {
        return count(key).map(Duration::ofSeconds);
    }

    Duration minutes(String key, Duration fallback) {
        return minutes(key).orElse(fallback);
    }

    Duration hours(String key, Duration fallback) {
        return hours(key).orElse(fallback);
    }

    Duration seconds(String key, Duration fallback) {
        return seconds(key).orElse(fallback);
    }

    /** A string that must be present and not blank. */
    String required(String key) {
        return settings.string(key).filter(s -> !s.isBlank()).orElseThrow(() -> new ConfigException(
                "missing required key " + where(key) + " in " + settings.source()));
    }

    /** The full path of a key of this section, for messages. */
    String where(String key) {
        return settings.path().isEmpty() ? key : settings.path() + " > " + key;
    }

    private <T> Optional<T> read(Supplier<T> value) {
        return problems.attempt(value);
    }
}
