package org.vmpooler.config;

import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Parsing of environment variable values; every error names the variable. */
final class EnvValues {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EnvValues() {
    }

    /**
     * A whole number. As in the reference, a value without any digit (such as an empty string or
     * {@code "bad_data"}) is ignored; anything else that is not a whole number is an error.
     */
    static Optional<Integer> integer(String variable, String raw, ConfigProblems problems) {
        if (raw.chars().noneMatch(Character::isDigit)) {
            problems.warn("environment variable " + variable + "='" + raw + "' is ignored: it contains no number");
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(raw.trim()));
        } catch (NumberFormatException e) {
            throw new ConfigException("environment variable " + variable + " must be a whole number, not '" + raw
                    + "'");
        }
    }

    static boolean bool(String variable, String raw) {
        return Settings.parseBoolean(raw).orElseThrow(() -> new ConfigException("environment variable " + variable
                + " must be true or false (or yes/no, on/off, 1/0), not '" + raw + "'"));
    }

    /** A JSON value, as plain Java values (numbers, strings, lists, maps). */
    static Object json(String variable, String raw) {
        try {
            return JSON.readValue(raw, Object.class);
        } catch (JsonProcessingException e) {
            throw new ConfigException("environment variable " + variable + " must be JSON (a number or a list of"
                    + " numbers), not '" + raw + "'");
        }
    }
}
