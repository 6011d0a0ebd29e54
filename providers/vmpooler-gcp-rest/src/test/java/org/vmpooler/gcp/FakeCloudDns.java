package org.vmpooler.gcp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A stateful Cloud DNS v1 of one project: managed zones holding record sets, listed by name and type, changed only
 * through {@code changes} that apply atomically as the real API does: a deletion must match the current record set
 * exactly (412 {@code conditionNotMet}), an addition must not meet an existing one (409 {@code alreadyExists}), and
 * names must lie in the zone (400). A change reads {@code pending} when made and {@code done} when read back.
 */
public final class FakeCloudDns {
    private final String project;
    private final Map<String, String> zoneDnsNames = new LinkedHashMap<>();
    private final Map<String, ObjectNode> records = new LinkedHashMap<>();   // zone/name/type
    private final Map<String, ObjectNode> changes = new LinkedHashMap<>();   // zone/id
    private Runnable beforeNextChange;
    private long nextChangeId = 1;

    FakeCloudDns(String project) {
        this.project = project;
    }

    public synchronized void addManagedZone(String zoneName, String dnsName) {
        zoneDnsNames.put(zoneName, absolute(dnsName));
    }

    /** The addresses (A and AAAA) the name has in any zone. */
    public synchronized Set<String> addresses(String fqdn) {
        Set<String> found = new TreeSet<>();
        records.forEach((k, v) -> {
            if (v.path("name").asText().equals(absolute(fqdn)) && Set.of("A", "AAAA").contains(v.path("type").asText())) {
                v.path("rrdatas").forEach(d -> found.add(d.asText()));
            }
        });
        return found;
    }

    public synchronized int recordCount() {
        return records.size();
    }

    /** Someone else points the name at {@code ip} (an A record), as a person with the console would. */
    public synchronized void setRecord(String zoneName, String fqdn, String ip) {
        records.put(zoneName + "/" + absolute(fqdn) + "/A", rrset(absolute(fqdn), "A", 300, List.of(ip)));
    }

    /** Runs {@code race} just before the next change applies, as a concurrent writer would. */
    public synchronized void beforeNextChange(Runnable race) {
        beforeNextChange = race;
    }

    synchronized JsonNode handle(String method, List<String> path, Map<String, String> query, JsonNode body) {
        if (path.size() < 4 || !path.get(0).equals("projects") || !path.get(2).equals("managedZones")) {
            throw FakeApiError.notFound(String.join("/", path));
        }
        if (!path.get(1).equals(project)) {
            throw new FakeApiError(403, "forbidden", "Forbidden: project '" + path.get(1) + "'");
        }
        String zone = path.get(3);
        String dnsName = zoneDnsNames.get(zone);
        if (dnsName == null) {
            throw new FakeApiError(404, "notFound", "The 'parameters.managedZone' resource named '" + zone
                    + "' does not exist.");
        }
        if (path.size() == 4) {
            return Shapes.json().createObjectNode().put("kind", "dns#managedZone").put("name", zone)
                    .put("dnsName", dnsName);
        }
        return switch (path.get(4)) {
            case "rrsets" -> list(zone, query);
            case "changes" -> path.size() == 6 ? readChange(zone, path.get(5)) : change(zone, dnsName, body);
            default -> throw FakeApiError.notFound(String.join("/", path));
        };
    }

    private JsonNode list(String zone, Map<String, String> query) {
        ObjectNode response = Shapes.copy("dns-v1/rrsets-list");
        ArrayNode sets = response.putArray("rrsets");
        records.forEach((k, v) -> {
            boolean name = !query.containsKey("name") || v.path("name").asText().equals(query.get("name"));
            boolean type = !query.containsKey("type") || v.path("type").asText().equals(query.get("type"));
            if (k.startsWith(zone + "/") && name && type) {
                sets.add(v.deepCopy());
            }
        });
        return response;
    }

    private JsonNode change(String zone, String dnsName, JsonNode body) {
        if (beforeNextChange != null) {
            Runnable race = beforeNextChange;
            beforeNextChange = null;
            race.run();
        }
        Map<String, ObjectNode> after = new LinkedHashMap<>(records);
        for (JsonNode deletion : body.path("deletions")) {
            String key = key(zone, deletion);
            ObjectNode current = after.get(key);
            if (current == null || !same(current, deletion)) {
                throw new FakeApiError(412, "conditionNotMet", "Precondition not met for 'entity.change.deletions["
                        + deletion.path("name").asText() + "][" + deletion.path("type").asText() + "]'");
            }
            after.remove(key);
        }
        for (JsonNode addition : body.path("additions")) {
            String name = addition.path("name").asText();
            if (!name.endsWith("." + dnsName) && !name.equals(dnsName)) {
                throw FakeApiError.invalid("The resource record set 'entity.change.additions[" + name + "]' is not "
                        + "in the zone '" + dnsName + "'");
            }
            String key = key(zone, addition);
            if (after.containsKey(key)) {
                throw new FakeApiError(409, "alreadyExists", "The resource 'entity.change.additions[" + name + "]["
                        + addition.path("type").asText() + "]' named '" + name + " (" + addition.path("type").asText()
                        + ")' already exists");
            }
            List<String> data = new ArrayList<>();
            addition.path("rrdatas").forEach(d -> data.add(d.asText()));
            after.put(key, rrset(name, addition.path("type").asText(), addition.path("ttl").asInt(300), data));
        }
        records.clear();
        records.putAll(after);
        ObjectNode change = Shapes.copy("dns-v1/change");
        change.put("id", Long.toString(nextChangeId++)).put("startTime", Instant.now().toString())
                .put("status", "pending");
        change.set("additions", body.path("additions").deepCopy());
        change.set("deletions", body.path("deletions").deepCopy());
        changes.put(zone + "/" + change.path("id").asText(), change);
        return change.deepCopy();
    }

    private JsonNode readChange(String zone, String id) {
        ObjectNode change = changes.get(zone + "/" + id);
        if (change == null) {
            throw new FakeApiError(404, "notFound", "The 'parameters.changeId' resource named '" + id
                    + "' does not exist.");
        }
        change.put("status", "done");
        return change.deepCopy();
    }

    private static boolean same(JsonNode current, JsonNode wanted) {
        return current.path("ttl").asInt() == wanted.path("ttl").asInt()
                && current.path("rrdatas").equals(wanted.path("rrdatas"));
    }

    private static String key(String zone, JsonNode rrset) {
        return zone + "/" + rrset.path("name").asText() + "/" + rrset.path("type").asText();
    }

    private static ObjectNode rrset(String name, String type, int ttl, List<String> data) {
        ObjectNode set = Shapes.copy("dns-v1/rrset");
        set.put("name", name).put("type", type).put("ttl", ttl);
        ArrayNode rrdatas = set.putArray("rrdatas");
        data.forEach(rrdatas::add);
        return set;
    }

    private static String absolute(String name) {
        return name.endsWith(".") ? name : name + ".";
    }
}
