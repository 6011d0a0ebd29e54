package org.vmpooler.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The metadata of one VM, as kept in the reference's hash {@code vmpooler__vm__<name>}. Fields are kept as
 * the strings the reference writes so that both stores, and a Ruby process sharing the Redis, see the same
 * thing; the accessors give them meaning.
 */
public record VmRecord(String name, Map<String, String> fields) {

    /** Field names of the reference's VM hash. */
    public static final class Field {
        public static final String CLONE = "clone";
        public static final String TEMPLATE = "template";
        public static final String POOL = "pool";
        public static final String DOMAIN = "domain";
        public static final String REQUEST_ID = "request_id";
        public static final String POOL_ALIAS = "pool_alias";
        public static final String CLONE_TIME = "clone_time";
        public static final String IP = "ip";
        public static final String CLONE_ERROR = "clone_error";
        public static final String CLONE_ERROR_CLASS = "clone_error_class";
        public static final String OPEN_SOCKET_ERROR = "open_socket_error";
        public static final String TIMEOUT_NOTIFICATION = "timeout_notification";
        public static final String READY = "ready";
        public static final String CHECK = "check";
        public static final String CHECKOUT = "checkout";
        public static final String TOKEN = "token:token";
        public static final String TOKEN_USER = "token:user";
        public static final String LIFETIME = "lifetime";
        public static final String TAG_PREFIX = "tag:";
        public static final String USER_TAGGED = "user_tagged";
        public static final String DISK = "disk";
        public static final String SNAPSHOT_PREFIX = "snapshot:";
        public static final String DESTROY = "destroy";
        public static final String HOST = "host";
        public static final String MIGRATED = "migrated";

        private Field() {
        }
    }

    public VmRecord {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public Optional<String> field(String field) {
        return Optional.ofNullable(fields.get(field));
    }

    /** The pool the VM belongs to ({@code pool}, else the historic {@code template} field). */
    public Optional<String> pool() {
        return field(Field.POOL).or(() -> field(Field.TEMPLATE));
    }

    public Optional<String> domain() {
        return field(Field.DOMAIN);
    }

    public Optional<String> requestId() {
        return field(Field.REQUEST_ID);
    }

    public Optional<String> poolAlias() {
        return field(Field.POOL_ALIAS);
    }

    public Optional<String> token() {
        return field(Field.TOKEN);
    }

    public Optional<String> tokenUser() {
        return field(Field.TOKEN_USER);
    }

    public Optional<Instant> cloneStarted(ZoneId zone) {
        return time(Field.CLONE, zone);
    }

    public Optional<Instant> readyAt(ZoneId zone) {
        return time(Field.READY, zone);
    }

    public Optional<Instant> checkedAt(ZoneId zone) {
        return time(Field.CHECK, zone);
    }

    public Optional<Instant> checkedOutAt(ZoneId zone) {
        return time(Field.CHECKOUT, zone);
    }

    public Optional<Instant> destroyedAt(ZoneId zone) {
        return time(Field.DESTROY, zone);
    }

    public Optional<Instant> time(String field, ZoneId zone) {
        return RubyTime.parse(fields.get(field), zone);
    }

    /** The {@code lifetime} field in hours, read leniently like Ruby's {@code to_i} (leading digits). */
    public OptionalInt lifetimeHours() {
        String raw = fields.get(Field.LIFETIME);
        if (raw == null) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(leadingInt(raw));
    }

    /** User tags, from the {@code tag:<name>} fields, in field order. */
    public Map<String, String> tags() {
        Map<String, String> tags = new LinkedHashMap<>();
        fields.forEach((k, v) -> {
            if (k.startsWith(Field.TAG_PREFIX)) {
                tags.put(k.substring(Field.TAG_PREFIX.length()), v);
            }
        });
        return tags;
    }

    /** Snapshot names, from the {@code snapshot:<name>} fields, in field order. */
    public List<String> snapshots() {
        List<String> names = new ArrayList<>();
        fields.keySet().forEach(k -> {
            if (k.startsWith(Field.SNAPSHOT_PREFIX)) {
                names.add(k.substring(Field.SNAPSHOT_PREFIX.length()));
            }
        });
        return names;
    }

    /** Added disks, e.g. {@code ["+8gb", "+10gb"]}, from the colon-joined {@code disk} field. */
    public List<String> disks() {
        String raw = fields.get(Field.DISK);
        if (raw == null || raw.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(raw.split(":")).filter(s -> !s.isEmpty()).toList();
    }

    /** Ruby's {@code String#to_i}: optional sign and leading digits, 0 when there are none. */
    public static int leadingInt(String raw) {
        String s = raw.trim();
        int i = 0;
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        long value = 0;
        int start = i;
        while (i < s.length() && Character.isDigit(s.charAt(i)) && value <= Integer.MAX_VALUE) {
            value = value * 10 + (s.charAt(i) - '0');
            i++;
        }
        if (i == start) {
            return 0;
        }
        value = Math.min(value, Integer.MAX_VALUE);
        return (int) (negative ? -value : value);
    }
}
