package org.vmpooler.gcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The recorded response bodies under {@code shapes/} (see its README): the fake answers with copies of them. */
final class Shapes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, ObjectNode> CACHE = new ConcurrentHashMap<>();

    private Shapes() {
    }

    /** A fresh copy of {@code shapes/<name>.json}. */
    static ObjectNode copy(String name) {
        return CACHE.computeIfAbsent(name, Shapes::load).deepCopy();
    }

    /** Google's error body with the status, reason and message given, in the recorded layout. */
    static ObjectNode error(int status, String reason, String message) {
        ObjectNode body = copy("compute-v1/error");
        ObjectNode error = (ObjectNode) body.get("error");
        error.put("code", status).put("message", message);
        ObjectNode detail = (ObjectNode) error.withArray("errors").get(0);
        detail.put("reason", reason).put("message", message);
        return body;
    }

    static ObjectMapper json() {
        return JSON;
    }

    private static ObjectNode load(String name) {
        try (InputStream in = Shapes.class.getResourceAsStream("/shapes/" + name + ".json")) {
            if (in == null) {
                throw new IllegalStateException("no recorded shape shapes/" + name + ".json");
            }
            JsonNode node = JSON.readTree(in);
            return (ObjectNode) node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
