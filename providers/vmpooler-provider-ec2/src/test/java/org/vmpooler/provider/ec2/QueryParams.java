package org.vmpooler.provider.ec2;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of one EC2 Query API request ({@code Action=RunInstances&TagSpecification.1.Tag.1.Key=…}),
 * with the numbered-list and nested-structure conventions of the EC2 protocol.
 */
record QueryParams(Map<String, String> values) {

    static QueryParams parse(String form) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            values.put(key, value);
        }
        return new QueryParams(values);
    }

    Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    String required(String key) {
        return get(key).orElseThrow(() -> new FakeEc2.Ec2Error(400, "MissingParameter",
                "The request must contain the parameter " + key));
    }

    /** {@code Prefix.1}, {@code Prefix.2} … */
    List<String> list(String prefix) {
        List<String> items = new ArrayList<>();
        for (int i = 1; values.containsKey(prefix + "." + i); i++) {
            items.add(values.get(prefix + "." + i));
        }
        return items;
    }

    /** The members {@code Prefix.N.*} as parameters of their own. */
    List<QueryParams> structs(String prefix) {
        List<QueryParams> items = new ArrayList<>();
        for (int i = 1; ; i++) {
            QueryParams member = member(prefix + "." + i);
            if (member.values.isEmpty()) {
                return items;
            }
            items.add(member);
        }
    }

    /** The structure {@code Prefix.*}. */
    QueryParams member(String prefix) {
        Map<String, String> sub = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix + ".")) {
                sub.put(k.substring(prefix.length() + 1), v);
            }
        });
        return new QueryParams(sub);
    }

    /** {@code Tag.N.Key}/{@code Tag.N.Value} pairs under the given prefix. */
    Map<String, String> tags(String prefix) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (QueryParams tag : structs(prefix)) {
            tags.put(tag.required("Key"), tag.get("Value").orElse(""));
        }
        return tags;
    }
}
