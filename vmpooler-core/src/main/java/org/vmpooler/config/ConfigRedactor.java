package org.vmpooler.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one rule by which configuration values are hidden wherever they leave the process: API responses
 * ({@code /full_config}, {@code /config}), the pool fields the manager publishes in the store, and error
 * messages that quote a value. Secrets are recognised by key name, at any depth: passwords, tokens, secrets,
 * credentials and keys (an {@code access_key}, a {@code json_key} …), so a provider's own secret keys are covered
 * without it having to declare them. A password inside a URL ({@code redis://user:pw@host}) is hidden whatever
 * the key, since endpoints are often written that way.
 */
public final class ConfigRedactor {
    public static final String REDACTED = "<redacted>";

    private static final Pattern SECRET_KEY = Pattern.compile(
            "pass(word|wd|phrase)?|.*(password|passwd|passphrase|secret|token|credential|api_?key|auth_?key).*"
                    + "|(.*[_-])?keys?");
    /** {@code scheme://user:password@}: the password part is group 2. */
    private static final Pattern URL_PASSWORD = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://[^/@\\s:]*:)([^/@\\s]+)@");

    private ConfigRedactor() {
    }

    public static Map<String, Object> redact(VmpoolerConfig config) {
        return redact(config.document().asMap());
    }

    /** A copy of {@code document} with its secrets replaced; the document itself is not modified. */
    public static Map<String, Object> redact(Map<String, ?> document) {
        Map<String, Object> result = new LinkedHashMap<>();
        document.forEach((key, value) -> result.put(key, redactEntry(key, value)));
        return result;
    }

    /** The value of {@code key} as it may be shown: {@value #REDACTED} for a secret key, else the value itself. */
    public static Object redactEntry(String key, Object value) {
        return isSecret(key) && value != null ? REDACTED : redactValue(value);
    }

    public static boolean isSecret(String key) {
        return SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).matches();
    }

    @SuppressWarnings("unchecked")
    private static Object redactValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            return redact((Map<String, ?>) map);
        }
        if (value instanceof List<?> list) {
            List<Object> result = new ArrayList<>(list.size());
            for (Object element : list) {
                result.add(redactValue(element));
            }
            return result;
        }
        if (value instanceof String text) {
            return URL_PASSWORD.matcher(text).replaceAll("$1" + REDACTED + "@");
        }
        return value;
    }
}
