package org.vmpooler.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads one vmpooler YAML document into plain maps and lists. The reference writes some keys as Ruby symbols
 * ({@code :pools:}) and others as strings ({@code pools}) and looks each up with exactly one of the two forms;
 * here the leading ':' is stripped from every key at every level, so both spellings work everywhere. Values
 * are left alone, so symbol values such as {@code :simple_tls} stay recognisable.
 */
final class YamlDocumentReader {

    private YamlDocumentReader() {
    }

    /** The document as a key-normalised map; an empty document is an empty map. */
    static Map<String, Object> read(String yamlText, String source) {
        Object root;
        try {
            LoaderOptions options = new LoaderOptions();
            // A key given twice would otherwise silently lose the first value.
            options.setAllowDuplicateKeys(false);
            root = new Yaml(new SafeConstructor(options)).load(yamlText);
        } catch (YAMLException e) {
            throw new ConfigException("cannot parse the YAML of " + source + ": " + e.getMessage(), e);
        }
        if (root == null) {
            return new LinkedHashMap<>();
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new ConfigException("the configuration in " + source + " must be a YAML map of sections (such as"
                    + " :config: and :pools:), not " + describe(root));
        }
        return normaliseMap(map, "", source);
    }

    /** The key as vmpooler code knows it: without the Ruby symbol colon. */
    static String normaliseKey(Object key) {
        String text = String.valueOf(key);
        return text.startsWith(":") ? text.substring(1) : text;
    }

    private static Map<String, Object> normaliseMap(Map<?, ?> map, String path, String source) {
        Map<String, Object> result = new LinkedHashMap<>();
        Map<String, Object> spelledAs = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = normaliseKey(entry.getKey());
            if (result.containsKey(key)) {
                throw new ConfigException("the key '" + key + "' is given twice" + (path.isEmpty() ? " at the top level"
                        : " under " + path) + " of " + source + " (as '" + spelledAs.get(key) + "' and '"
                        + entry.getKey() + "'); keep one of them");
            }
            spelledAs.put(key, entry.getKey());
            String shown = String.valueOf(entry.getKey()).startsWith(":") ? entry.getKey() + ":"
                    : String.valueOf(entry.getKey());
            String childPath = path.isEmpty() ? shown : path + " > " + shown;
            result.put(key, normaliseValue(entry.getValue(), childPath, source));
        }
        return result;
    }

    private static Object normaliseValue(Object value, String path, String source) {
        if (value instanceof Map<?, ?> map) {
            return normaliseMap(map, path, source);
        }
        if (value instanceof List<?> list) {
            List<Object> result = new ArrayList<>(list.size());
            for (Object element : list) {
                result.add(normaliseValue(element, path, source));
            }
            return result;
        }
        return value;
    }

    private static String describe(Object value) {
        return value instanceof List ? "a list" : "the value '" + value + "'";
    }
}
