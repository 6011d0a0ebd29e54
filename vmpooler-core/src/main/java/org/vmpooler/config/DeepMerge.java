package org.vmpooler.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The merge the reference applies to {@code extra_config} files (the deep_merge gem, non-destructive mode):
 * maps merge recursively; two lists become their union (Ruby's {@code |}: base
 * elements first, no element twice); otherwise the base value is kept
 * unless it is absent, {@code null} or {@code false}. An extra file therefore adds to the base but cannot
 * change a value the base already sets.
 */
final class DeepMerge {

    private DeepMerge() {
    }

    /** A new map: {@code extra} merged into {@code base}; neither argument is modified. */
    static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> extra) {
        Map<String, Object> result = new LinkedHashMap<>(base);
        for (Map.Entry<String, Object> entry : extra.entrySet()) {
            result.put(entry.getKey(), mergeValue(result.get(entry.getKey()), entry.getValue()));
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Object mergeValue(Object base, Object extra) {
        if (base == null || Boolean.FALSE.equals(base)) {
            return extra;
        }
        if (base instanceof Map && extra instanceof Map) {
            return merge((Map<String, Object>) base, (Map<String, Object>) extra);
        }
        if (base instanceof List<?> baseList && extra instanceof List<?> extraList) {
            List<Object> union = new ArrayList<>();
            for (List<?> list : List.of(baseList, extraList)) {
                for (Object element : list) {
                    if (!union.contains(element)) {
                        union.add(element);
                    }
                }
            }
            return union;
        }
        return base;
    }
}
