package org.vmpooler.provider.gce;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.vmpooler.gcp.GoogleApiException;
import org.vmpooler.gcp.GoogleRest;
import org.vmpooler.provider.ProviderConnectionPool;
import org.vmpooler.provider.ProviderException;

/**
 * The Compute Engine v1 calls the provider makes, in one project, each holding one connection of the provider's
 * pool while it runs (operation waits excepted). Mutating calls return their operation, which {@link #await} waits on with a deadline. Lists
 * follow {@code nextPageToken} to the last page.
 */
final class Compute {
    private final GoogleRest rest;
    private final String project;
    private final Duration operationTimeout;
    private final ProviderConnectionPool connections;
    private final Clock clock;

    Compute(GoogleRest rest, String project, Duration operationTimeout, ProviderConnectionPool connections,
            Clock clock) {
        this.rest = rest;
        this.project = project;
        this.operationTimeout = operationTimeout;
        this.connections = connections;
        this.clock = clock;
    }

    void close() {
        rest.close();
    }

    String project() {
        return project;
    }

    /** Every item of a zone's (or, with a null zone, the project's global) collection matching {@code filter}. */
    List<JsonNode> list(String zone, String collection, Optional<String> filter) {
        List<JsonNode> items = new ArrayList<>();
        String pageToken = null;
        do {
            Map<String, String> query = new LinkedHashMap<>();
            filter.ifPresent(f -> query.put("filter", f));
            if (pageToken != null) {
                query.put("pageToken", pageToken);
            }
            JsonNode page = call(() -> rest.get(path(zone, collection), query));
            page.path("items").forEach(items::add);
            pageToken = page.path("nextPageToken").asText(null);
        } while (pageToken != null && !pageToken.isEmpty());
        return items;
    }

    /** The resource, empty when the API answers 404. */
    Optional<JsonNode> get(String zone, String collection, String name) {
        try {
            return Optional.of(call(() -> rest.get(path(zone, collection) + "/" + name)));
        } catch (GoogleApiException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    JsonNode insert(String zone, String collection, ObjectNode body) {
        return call(() -> rest.post(path(zone, collection), body));
    }

    JsonNode delete(String zone, String collection, String name) {
        return call(() -> rest.delete(path(zone, collection) + "/" + name));
    }

    /** A method on one resource ({@code instances/<vm>/stop}, {@code disks/<disk>/createSnapshot}). */
    JsonNode act(String zone, String collection, String name, String method, Map<String, String> query,
                 ObjectNode body) {
        return call(() -> rest.post(path(zone, collection) + "/" + name + "/" + method, query,
                body == null ? GoogleRest.json().createObjectNode() : body));
    }

    /**
     * Waits until the operation is DONE (the API's {@code wait} returns when it is, or after a while), at most the
     * operation timeout, and throws with every entry of its {@code error.errors} when it failed. An operation the
     * API no longer knows (404) has finished long ago.
     */
    JsonNode await(JsonNode operation, String what) {
        Instant deadline = clock.instant().plus(operationTimeout);
        JsonNode op = operation;
        while (!"DONE".equals(op.path("status").asText())) {
            if (Thread.currentThread().isInterrupted()) {
                throw new ProviderException(what + ": interrupted while waiting for operation "
                        + op.path("name").asText());
            }
            if (clock.instant().isAfter(deadline)) {
                throw new ProviderException(what + ": operation " + op.path("name").asText() + " not done within "
                        + operationTimeout.toSeconds() + "s (operation_timeout)");
            }
            String zone = op.hasNonNull("zone") ? lastSegment(op.path("zone").asText()) : null;
            String name = op.path("name").asText();
            try {
                // Outside the connection pool: a wait can take the API up to two minutes to answer, and waiting
                // creates must not starve the look-ups and listings the pool is there to pace.
                op = rest.post(path(zone, "operations") + "/" + name + "/wait", GoogleRest.json().createObjectNode());
            } catch (GoogleApiException e) {
                if (e.status() == 404) {
                    return op;
                }
                throw e;
            }
        }
        if (!op.path("error").path("errors").isEmpty()) {
            throw GceErrors.operationFailed(what, op);
        }
        return op;
    }

    /** Waits on several operations in turn, so all have run before the first failure is reported. */
    void awaitAll(List<JsonNode> operations, String what) {
        ProviderException first = null;
        for (JsonNode op : operations) {
            try {
                await(op, what);
            } catch (ProviderException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** A URL path of a resource the API accepts in bodies ({@code projects/p/zones/z/disks/d}). */
    String resource(String zone, String collection, String name) {
        return path(zone, collection) + "/" + name;
    }

    private String path(String zone, String collection) {
        return "projects/" + project + (zone == null ? "/global/" : "/zones/" + zone + "/") + collection;
    }

    private <T> T call(Supplier<T> request) {
        return connections.with(request);
    }

    static String lastSegment(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }
}
