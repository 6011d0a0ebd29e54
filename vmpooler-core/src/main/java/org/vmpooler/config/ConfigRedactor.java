package org.vmpooler.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The merged configuration document with every secret replaced by {@value #REDACTED}, for
 * {@code GET /full_config}. Secrets are recognised by key name, at any depth: passwords, tokens, secrets,
 * credentials and keys (an {@code access_key}, a {@code json_key} …), so a provider's own secret keys are
 * covered without it having to declare them.
 */
public final class ConfigRedactor {
    public static final String REDACTED = "<redacted>";

    private static final Pattern SECRET_KEY = Pattern.compile(
            "pass(word|wd|phrase)?|.*(password|passwd|passphrase|secret|token|credential|api_?key|auth_?key).*"
                    + "|(.*[_-])?keys?");

    private ConfigRedactor() {
    }

    public static Map<String, Object> redact(VmpoolerConfig config) {
        return redact(config.document().asMap());
    }

    public static Map<String, Object> redact(Map<String, ?> document) {
        Map<String, Object> result = new LinkedHashMap<>();
        document.forEach((key, value) -> result.put(key,
                isSecret(key) && value != null ? REDACTED : redactValue(value)));
        return result;
    }

    static boolean isSecret(String key) {
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
        return value;
    }
}
