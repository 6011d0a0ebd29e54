package org.vmpooler.api.vm;

import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.vmpooler.api.http.ApiError;

/**
 * The reference's input validators (hostname, pool name, counts, tags), each failing with a 400
 * {@code {"ok": false, "error": ...}} and the reference's message. Unlike the reference, hostnames may contain
 * {@code _} (a configured VM prefix may) and pool names may contain {@code .} (pools such as {@code centos-7.2}).
 */
final class InputRules {
    private static final Pattern HOST_LABEL = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?");
    private static final Pattern POOL_NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern TAG_KEY = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern TAG_VALUE = Pattern.compile("[\\w\\s\\-.@:/]*");

    private InputRules() {
    }

    static void hostname(String hostname) {
        if (hostname == null || hostname.isEmpty()) {
            throw ApiError.withMessage(400, "Hostname is required");
        }
        if (hostname.length() > 253) {
            throw ApiError.withMessage(400, "Hostname too long");
        }
        for (String label : hostname.split("\\.", -1)) {
            if (!HOST_LABEL.matcher(label).matches()) {
                throw ApiError.withMessage(400, "Invalid hostname format");
            }
        }
    }

    /** The short name: everything before the first dot. */
    static String shorten(String hostname) {
        int dot = hostname.indexOf('.');
        return dot < 0 ? hostname : hostname.substring(0, dot);
    }

    static void poolName(String name) {
        if (name == null || name.isEmpty()) {
            throw ApiError.withMessage(400, "Pool name is required");
        }
        if (name.length() > 100) {
            throw ApiError.withMessage(400, "Pool name too long");
        }
        if (!POOL_NAME.matcher(name).matches()) {
            throw ApiError.withMessage(400, "Invalid pool name format");
        }
    }

    /** A whole number given as JSON number or digit string, within bounds. */
    static int integer(JsonNode value, String what, int min, int max) {
        if (value == null || value.isNull()) {
            throw ApiError.withMessage(400, what + " is required");
        }
        String text = value.isIntegralNumber() || value.isTextual() ? value.asText() : null;
        if (text == null || !DIGITS.matcher(text).matches()) {
            throw ApiError.withMessage(400, what + " must be a valid integer");
        }
        long parsed = text.length() > 12 ? Long.MAX_VALUE : Long.parseLong(text);
        return within(parsed, what, min, max);
    }

    static int within(long value, String what, int min, int max) {
        if (value < min) {
            throw ApiError.withMessage(400, what + " must be at least " + min);
        }
        if (value > max) {
            throw ApiError.withMessage(400, what + " must be at most " + max);
        }
        return (int) value;
    }

    /** The reason a tag is unacceptable, or null when it is fine. */
    static String tagProblem(String key, JsonNode value) {
        if (key == null || key.isEmpty()) {
            return "Tag key is required";
        }
        if (key.length() > 50) {
            return "Tag key too long";
        }
        if (!TAG_KEY.matcher(key).matches()) {
            return "Invalid tag key format";
        }
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            return "Tag value for " + key + " must be a string";
        }
        if (value.asText().length() > 255) {
            return "Tag value too long";
        }
        if (!TAG_VALUE.matcher(value.asText()).matches()) {
            return "Tag value contains invalid characters";
        }
        return null;
    }
}
