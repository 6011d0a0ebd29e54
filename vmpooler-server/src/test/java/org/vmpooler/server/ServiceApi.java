package org.vmpooler.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/** The REST API of a service process, as the end-to-end tests drive it. */
final class ServiceApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ServiceApi() {
    }

    /** The JSON body of {@code method path} on the service at {@code port}. */
    static JsonNode send(int port, String method, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    /** How many VMs of the pool {@code /status} reports ready. */
    static long readyCount(int port, String pool) throws IOException, InterruptedException {
        return send(port, "GET", "/api/v3/status").path("pools").path(pool).path("ready").asLong();
    }

    /** Up to 90 s, polling twice a second, errors meaning "not yet". */
    static ConditionFactory eventually() {
        return Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions();
    }
}
