package org.vmpooler.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** An API token as kept in {@code vmpooler__token__<token>}: {@code user}, {@code created}, {@code last}. */
public record TokenRecord(String token, Map<String, String> fields) {
    public static final String USER = "user";
    public static final String CREATED = "created";
    public static final String LAST = "last";

    public TokenRecord {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public Optional<String> user() {
        return Optional.ofNullable(fields.get(USER));
    }

    /** The creation time as stored (Ruby {@code Time#to_s}). */
    public Optional<String> created() {
        return Optional.ofNullable(fields.get(CREATED));
    }

    /** The time of the last successful use, as stored; empty when never used. */
    public Optional<String> last() {
        return Optional.ofNullable(fields.get(LAST));
    }
}
