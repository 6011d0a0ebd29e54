package org.vmpooler.domain;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Why a pool's clones are failing, kept in the store so that every API process can show it in {@code /status}:
 * the kind ({@code quota}, {@code capacity}, {@code throttled} when the platform turned the clone away,
 * {@code error} otherwise), the last reason, since when and how many clones in a row failed, and until when the
 * manager holds the pool's clones back, if it does. Cleared by the pool's next successful clone.
 */
public record CloneTrouble(String pool, String kind, String reason, Instant since, int failures,
                           Optional<Instant> retryAt) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How the store keeps it: one JSON object per pool, as {@code /status} shows it. */
    public String toWire() {
        try {
            return JSON.writeValueAsString(toStatus());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings and numbers is always JSON", e);
        }
    }

    /** Empty when the stored value is not one this version wrote (another version, or hand-edited). */
    public static Optional<CloneTrouble> fromWire(String pool, String wire) {
        try {
            JsonNode node = JSON.readTree(wire);
            if (node == null || !node.hasNonNull("kind") || !node.hasNonNull("since")) {
                return Optional.empty();
            }
            Optional<Instant> retryAt = node.hasNonNull("retry_at")
                    ? Optional.of(Instant.parse(node.get("retry_at").asText())) : Optional.empty();
            return Optional.of(new CloneTrouble(pool, node.get("kind").asText(), node.path("reason").asText(""),
                    Instant.parse(node.get("since").asText()), node.path("failures").asInt(1), retryAt));
        } catch (JsonProcessingException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A stored hash of pool → wire value, without the values this version cannot read. */
    public static Map<String, CloneTrouble> allFromWire(Map<String, String> stored) {
        Map<String, CloneTrouble> troubles = new TreeMap<>();
        stored.forEach((pool, wire) -> fromWire(pool, wire).ifPresent(t -> troubles.put(pool, t)));
        return troubles;
    }

    /** As {@code /status} shows it under the pool. */
    public Map<String, Object> toStatus() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("kind", kind);
        status.put("reason", reason);
        status.put("since", since.toString());
        status.put("failures", failures);
        retryAt.ifPresent(at -> status.put("retry_at", at.toString()));
        return status;
    }
}
