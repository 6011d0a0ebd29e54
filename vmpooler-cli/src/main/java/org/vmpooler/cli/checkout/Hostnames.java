package org.vmpooler.cli.checkout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The VMs of a checkout answer, by name as requested: {@code {"ok":true,"<name>":{"hostname":"fqdn" | [...]}}},
 * where a v1-style {@code domain} key completes short names.
 */
public final class Hostnames {
    private static final Set<String> NOT_POOLS = Set.of("ok", "domain", "job_id", "request_id", "ready", "message");

    private Hostnames() {
    }

    public static Map<String, List<String>> of(JsonNode body) {
        String domain = body.path("domain").asText("");
        Map<String, List<String>> hosts = new LinkedHashMap<>();
        body.properties().forEach(entry -> {
            JsonNode hostname = entry.getValue().path("hostname");
            if (NOT_POOLS.contains(entry.getKey()) || hostname.isMissingNode()) {
                return;
            }
            List<String> names = new ArrayList<>();
            if (hostname.isArray()) {
                hostname.forEach(name -> names.add(qualified(name.asText(), domain)));
            } else {
                names.add(qualified(hostname.asText(), domain));
            }
            hosts.put(entry.getKey(), names);
        });
        return hosts;
    }

    private static String qualified(String name, String domain) {
        return domain.isEmpty() || name.contains(".") ? name : name + "." + domain;
    }
}
