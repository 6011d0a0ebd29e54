package org.vmpooler.gcp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The part of the Compute API's list {@code filter} language the fake understands: label comparisons
 * ({@code labels.pool = "debian"}, {@code labels.vm != x}) joined by {@code AND}, optionally parenthesised. Anything
 * else is refused as the real API refuses a malformed filter, so a provider cannot rely on more without noticing.
 */
record LabelFilter(List<Term> terms) {
    private static final Pattern TERM = Pattern.compile("\\(?\\s*labels\\.([a-z0-9_-]+)\\s*(=|!=)\\s*\"?([a-z0-9_-]*)\"?\\s*\\)?");

    record Term(String key, boolean equal, String value) {
        boolean matches(Map<String, String> labels) {
            return value.equals(labels.get(key)) == equal;
        }
    }

    static LabelFilter parse(String filter) {
        List<Term> terms = new ArrayList<>();
        if (filter != null && !filter.isBlank()) {
            for (String part : filter.trim().split("\\s+AND\\s+")) {
                Matcher m = TERM.matcher(part.trim());
                if (!m.matches()) {
                    throw FakeApiError.invalid("Invalid list filter expression '" + filter + "'.");
                }
                terms.add(new Term(m.group(1), m.group(2).equals("="), m.group(3)));
            }
        }
        return new LabelFilter(terms);
    }

    boolean matches(JsonNode resource) {
        Map<String, String> labels = new HashMap<>();
        resource.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        return terms.stream().allMatch(t -> t.matches(labels));
    }
}
