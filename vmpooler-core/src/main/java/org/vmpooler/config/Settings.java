package org.vmpooler.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An open-ended section of the configuration (a provider's or DNS plugin's own keys, a pool's
 * provider-specific keys) with typed, validating accessors. Keys are as in the YAML with any leading ':'
 * removed. Errors name the full key path and the source, e.g. {@code :providers: > :vsphere: > port}.
 */
public final class Settings {
    private final Map<String, Object> values;
    private final String path;
    private final String source;

    public Settings(Map<String, ?> values, String path, String source) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.path = path;
        this.source = source;
    }

    public static Settings empty(String path) {
        return new Settings(Map.of(), path, "(none)");
    }

    public Set<String> keys() {
        return values.keySet();
    }

    public boolean has(String key) {
        return values.containsKey(key) && values.get(key) != null;
    }

    /** The raw value (String, Number, Boolean, List, Map) as loaded. */
    public Optional<Object> raw(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public Map<String, Object> asMap() {
        return values;
    }

    public String path() {
        return path;
    }

    public String source() {
        return source;
    }

    public Optional<String> string(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Map || v instanceof List) {
            throw invalid(key, v, "a single value");
        }
        return Optional.of(v.toString());
    }

    public String string(String key, String fallback) {
        return string(key).orElse(fallback);
    }

    public Optional<Integer> integer(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short) {
            return Optional.of(((Number) v).intValue());
        }
        String s = v.toString().trim();
        try {
            return Optional.of(Integer.parseInt(s));
        } catch (NumberFormatException e) {
            throw invalid(key, v, "a whole number");
        }
    }

    public int integer(String key, int fallback) {
        return integer(key).orElse(fallback);
    }

    public Optional<Double> decimal(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Number n) {
            return Optional.of(n.doubleValue());
        }
        try {
            return Optional.of(Double.parseDouble(v.toString().trim()));
        } catch (NumberFormatException e) {
            throw invalid(key, v, "a number");
        }
    }

    /** A duration given in seconds, fractions allowed, above 0; {@code fallback} seconds when the key is absent. */
    public Duration seconds(String key, double fallback) {
        double value = decimal(key).orElse(fallback);
        if (!(value > 0) || Double.isInfinite(value)) {
            throw invalid(key, value, "a number of seconds above 0");
        }
        return Duration.ofMillis(Math.round(value * 1000));
    }

    /** Booleans: YAML true/false, or the strings true/false/yes/no/1/0 in any case. */
    public Optional<Boolean> bool(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Boolean b) {
            return Optional.of(b);
        }
        return Optional.of(parseBoolean(v.toString()).orElseThrow(() -> invalid(key, v, "true or false")));
    }

    public boolean bool(String key, boolean fallback) {
        return bool(key).orElse(fallback);
    }

    /** A list of strings; a single string is a one-element list. */
    public List<String> strings(String key) {
        Object v = values.get(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> list) {
            return list.stream().map(o -> {
                if (o == null || o instanceof Map || o instanceof List) {
                    throw invalid(key, v, "a list of strings");
                }
                return o.toString();
            }).toList();
        }
        if (v instanceof Map) {
            throw invalid(key, v, "a string or a list of strings");
        }
        return List.of(v.toString());
    }

    /** A nested section; empty when absent. */
    @SuppressWarnings("unchecked")
    public Settings section(String key) {
        Object v = values.get(key);
        String childPath = path.isEmpty() ? key : path + " > " + key;
        if (v == null) {
            return new Settings(Map.of(), childPath, source);
        }
        if (!(v instanceof Map)) {
            throw invalid(key, v, "a map of settings");
        }
        return new Settings((Map<String, Object>) v, childPath, source);
    }

    public ConfigException invalid(String key, Object value, String expected) {
        String where = path.isEmpty() ? key : path + " > " + key;
        // Start-up errors are logged and printed: a misplaced secret must not be quoted there.
        return new ConfigException("invalid value for " + where + " in " + source + ": '"
                + ConfigRedactor.redactEntry(key, value) + "' (expected " + expected + ")");
    }

    public static Optional<Boolean> parseBoolean(String text) {
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on", "1" -> Optional.of(true);
            case "false", "no", "off", "0" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    @Override
    public String toString() {
        return "Settings[" + path + "]";
    }
}
