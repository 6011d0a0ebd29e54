package org.vmpooler.redis;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.vmpooler.domain.OndemandRequest;
import org.vmpooler.domain.RequestStatus;
import org.vmpooler.domain.TokenRecord;
import org.vmpooler.domain.VmRecord.Field;

/**
 * The field names and status values the Lua scripts share with the Java side, taken from the Java constants that
 * own them and handed to every script as Lua tables ({@code VM}, {@code REQUEST}, {@code STATUS}, {@code TOKEN}).
 * So a script writes {@code VM.checkout}, never {@code 'checkout'}, and the two stores cannot drift apart on a
 * name.
 */
final class LuaVocabulary {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_:]+");

    /** Lua table → entry → value, in a fixed order so the generated source (and thus each SHA-1) is stable. */
    private static final Map<String, Map<String, String>> TABLES = tables();

    private LuaVocabulary() {
    }

    private static Map<String, Map<String, String>> tables() {
        Map<String, Map<String, String>> tables = new LinkedHashMap<>();
        tables.put("VM", entries(
                "clone", Field.CLONE, "template", Field.TEMPLATE, "pool", Field.POOL, "domain", Field.DOMAIN,
                "request_id", Field.REQUEST_ID, "pool_alias", Field.POOL_ALIAS, "clone_time", Field.CLONE_TIME,
                "ip", Field.IP, "clone_error", Field.CLONE_ERROR, "clone_error_class", Field.CLONE_ERROR_CLASS,
                "ready", Field.READY, "checkout", Field.CHECKOUT, "token", Field.TOKEN,
                "token_user", Field.TOKEN_USER, "lifetime", Field.LIFETIME, "tag_prefix", Field.TAG_PREFIX,
                "destroy", Field.DESTROY));
        tables.put("REQUEST", entries(
                "requested", OndemandRequest.REQUESTED, "status", OndemandRequest.STATUS,
                "retry_count", OndemandRequest.RETRY_COUNT, "failure_reason", OndemandRequest.FAILURE_REASON,
                "token", Field.TOKEN, "token_user", Field.TOKEN_USER));
        Map<String, String> statuses = new LinkedHashMap<>();
        for (RequestStatus status : RequestStatus.values()) {
            statuses.put(status.wireName(), status.wireName());
        }
        tables.put("STATUS", statuses);
        tables.put("TOKEN", entries(
                "user", TokenRecord.USER, "created", TokenRecord.CREATED, "last", TokenRecord.LAST));
        return tables;
    }

    private static Map<String, String> entries(String... namesAndValues) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String value = namesAndValues[i + 1];
            // Written between single quotes into Lua source, so only names that need no escaping are accepted.
            if (!PLAIN.matcher(value).matches()) {
                throw new IllegalStateException("vocabulary value '" + value + "' is not a plain name");
            }
            entries.put(namesAndValues[i], value);
        }
        return entries;
    }

    /** The Lua source declaring the tables, put in front of every script. */
    static String prelude() {
        StringBuilder lua = new StringBuilder("-- Generated from the Java constants (LuaVocabulary).\n");
        TABLES.forEach((table, entries) -> {
            lua.append("local ").append(table).append(" = {");
            List<String> pairs = entries.entrySet().stream()
                    .map(e -> e.getKey() + " = '" + e.getValue() + "'").toList();
            lua.append(String.join(", ", pairs)).append("}\n");
        });
        return lua.toString();
    }

    /** Every value the vocabulary owns: no script may spell one of these itself. */
    static Collection<String> values() {
        return TABLES.values().stream().flatMap(m -> m.values().stream()).distinct().toList();
    }
}
