package org.vmpooler.gcp;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON over HTTPS to one Google API root ({@code …/compute/v1/}, {@code …/dns/v1/}): every call carries a fresh
 * bearer token, is bounded by the request timeout, and is tried again with jittered back-off while the API throttles
 * (429) or is briefly unavailable (500, 502, 503, 504) or unreachable, up to the retry policy's tries. Errors come
 * out as {@link GoogleApiException} carrying the status and the error body's reasons.
 */
public final class GoogleRest implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GoogleRest.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<Integer> TRANSIENT = Set.of(429, 500, 502, 503, 504);

    private final URI base;
    private final AccessTokens tokens;
    private final RetryPolicy retry;
    private final Duration requestTimeout;
    private final HttpClient http;

    public GoogleRest(GoogleApiSettings settings, AccessTokens tokens) {
        this.base = settings.endpoint();
        this.tokens = tokens;
        this.retry = settings.retry();
        this.requestTimeout = settings.requestTimeout();
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /**
     * Stops the HTTP client once its requests in flight are done: until then it keeps a selector thread, and an
     * instance replaced in the same JVM (a restarted manager, a test) would leave it running.
     */
    @Override
    public void close() {
        http.shutdown();
    }

    public static ObjectMapper json() {
        return JSON;
    }

    public JsonNode get(String path, Map<String, String> query) {
        return send("GET", path + queryString(query), null);
    }

    public JsonNode get(String path) {
        return get(path, Map.of());
    }

    public JsonNode post(String path, JsonNode body) {
        return send("POST", path, body);
    }

    public JsonNode post(String path, Map<String, String> query, JsonNode body) {
        return send("POST", path + queryString(query), body);
    }

    public JsonNode delete(String path) {
        return send("DELETE", path, null);
    }

    /** Who the calls are made as, for messages. */
    public String identity() {
        return tokens.toString();
    }

    public URI base() {
        return base;
    }

    private JsonNode send(String method, String path, JsonNode body) {
        for (int attempt = 1; ; attempt++) {
            GoogleApiException failure;
            try {
                HttpResponse<String> response = http.send(request(method, path, body),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 == 2) {
                    return response.body().isBlank() ? MissingNode.getInstance() : JSON.readTree(response.body());
                }
                failure = error(method, path, response);
                if (!TRANSIENT.contains(response.statusCode())) {
                    throw failure;
                }
            } catch (IOException e) {
                failure = new GoogleApiException(0, List.of("unreachable"), method + " " + base.resolve(path)
                        + " failed: " + e, null, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GoogleApiException(0, List.of("interrupted"), method + " " + path + " was interrupted");
            }
            if (attempt >= retry.attempts()) {
                throw failure;
            }
            Duration wait = retry.delayBefore(attempt + 1, failure.retryAfter());
            LOG.debug("{} {}: {}; try {} of {} in {} ms", method, path, failure.getMessage(), attempt + 1,
                    retry.attempts(), wait.toMillis());
            pause(wait, failure);
        }
    }

    private HttpRequest request(String method, String path, JsonNode body) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(requestTimeout)
                .header("Authorization", "Bearer " + tokens.bearer()).header("Accept", "application/json");
        if (body == null) {
            return b.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        return b.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
    }

    /** Google's error body: {@code {"error": {"code", "message", "status", "errors": [{"reason", "message"}]}}}. */
    private GoogleApiException error(String method, String path, HttpResponse<String> response) {
        JsonNode error = MissingNode.getInstance();
        try {
            error = JSON.readTree(response.body()).path("error");
        } catch (IOException e) {
            // Not JSON (a proxy's page): the status alone says what happened.
        }
        List<String> reasons = new ArrayList<>();
        error.path("errors").forEach(e -> reasons.add(e.path("reason").asText()));
        if (error.hasNonNull("status")) {
            reasons.add(error.path("status").asText());
        }
        String message = error.path("message").asText("");
        Duration retryAfter = response.headers().firstValue("Retry-After").flatMap(GoogleRest::seconds).orElse(null);
        return new GoogleApiException(response.statusCode(), reasons, method + " " + path.replaceFirst("\\?.*", "")
                + " answered " + response.statusCode() + (reasons.isEmpty() ? "" : " " + reasons)
                + (message.isEmpty() ? "" : ": " + message), retryAfter, null);
    }

    private static Optional<Duration> seconds(String text) {
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(text.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void pause(Duration wait, GoogleApiException failure) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure;
        }
    }

    private static String queryString(Map<String, String> query) {
        if (query.isEmpty()) {
            return "";
        }
        StringJoiner q = new StringJoiner("&", "?", "");
        query.forEach((k, v) -> q.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return q.toString();
    }
}
