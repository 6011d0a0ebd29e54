package org.vmpooler.api.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.vmpooler.config.VmpoolerConfig;

/**
 * Redacts by key name: any value under a key that names a credential (password, secret, token, credentials,
 * access/private/api keys), at any depth, becomes {@value #REDACTED}. Errs on the side of hiding.
 */
public final class SecretKeyRedactor implements SecretRedactor {
    static final String REDACTED = "<redacted>";
    private static final Pattern SECRET_KEY = Pattern.compile(
            "password|passwd|secret|token|credential|private_key|access_key|api_key|auth_key|json_key");

    @Override
    public Map<String, Object> redact(VmpoolerConfig config) {
        return redactMap(config.document().asMap());
    }

    private static Map<String, Object> redactMap(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> {
            String name = String.valueOf(key);
            copy.put(name, SECRET_KEY.matcher(name.toLowerCase(Locale.ROOT)).find() && value != null
                    ? REDACTED : redactValue(value));
        });
        return copy;
    }

    private static Object redactValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            return redactMap(map);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(item -> copy.add(redactValue(item)));
            return copy;
        }
        return value;
    }
}
