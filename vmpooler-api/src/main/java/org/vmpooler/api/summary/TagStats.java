package org.vmpooler.api.summary;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** How many VMs carried each tag value: {@code {"<tag>": {"<value>": n, ..., "total": n}}}, per day or range. */
final class TagStats {
    private final Map<String, Map<String, Long>> byTag = new TreeMap<>();

    /** One {@code <vm>:<tag>} field of the day's tag statistic, unless a single tag was asked for. */
    void add(String field, String value, Optional<String> onlyTag) {
        int colon = field.indexOf(':');
        String tag = colon < 0 ? "unknown" : field.substring(colon + 1);
        if (onlyTag.isPresent() && !onlyTag.get().equals(tag)) {
            return;
        }
        Map<String, Long> values = byTag.computeIfAbsent(tag, t -> new TreeMap<>());
        values.merge(value, 1L, Long::sum);
    }

    void merge(TagStats other) {
        other.byTag.forEach((tag, values) -> values.forEach((value, n) ->
                byTag.computeIfAbsent(tag, t -> new TreeMap<>()).merge(value, n, Long::sum)));
    }

    Map<String, Object> render() {
        Map<String, Object> body = new LinkedHashMap<>();
        byTag.forEach((tag, values) -> {
            Map<String, Object> counts = new LinkedHashMap<>(values);
            counts.put("total", values.values().stream().mapToLong(Long::longValue).sum());
            body.put(tag, counts);
        });
        return body;
    }
}
