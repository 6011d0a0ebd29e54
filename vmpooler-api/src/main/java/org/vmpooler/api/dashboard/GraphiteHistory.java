package org.vmpooler.api.dashboard;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.config.GraphsConfig;

/**
 * Reads the last hour of the manager's {@code <prefix>.<metric>.<pool>} gauges from a Graphite-web server, the
 * optional history source of the reference ({@code :graphs:} / {@code :graphite:}). Unlike the reference the
 * fetch has a timeout and a failure is logged; the caller then falls back to the history this process keeps.
 */
final class GraphiteHistory {
    private static final Logger LOG = LoggerFactory.getLogger(GraphiteHistory.class);
    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final GraphsConfig graphs;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    GraphiteHistory(GraphsConfig graphs) {
        this.graphs = graphs;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    /**
     * Pool → its datapoints of {@code metric} ({@code ready}, {@code running}) over the last hour, a missing
     * datapoint carrying the previous value forward ({@code initial} of the pool before the first one); empty
     * when Graphite cannot be read.
     */
    Optional<Map<String, List<Double>>> lastHour(String metric, Map<String, Double> initial) {
        String target = graphs.prefix() + "." + metric + ".*";
        URI uri = URI.create("http://" + graphs.server() + "/render?target="
                + URLEncoder.encode(target, StandardCharsets.UTF_8) + "&from=-1hour&format=json");
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                LOG.warn("dashboard: Graphite {} answered {}; using this process's own history", uri,
                        response.statusCode());
                return Optional.empty();
            }
            return Optional.of(series(json.readTree(response.body()), initial));
        } catch (IOException | RuntimeException e) {
            LOG.warn("dashboard: could not read history from Graphite {} ({}); using this process's own history",
                    uri, e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static Map<String, List<Double>> series(JsonNode body, Map<String, Double> initial) {
        Map<String, List<Double>> series = new LinkedHashMap<>();
        for (JsonNode entry : body) {
            String target = entry.path("target").asText("");
            String pool = target.substring(target.lastIndexOf('.') + 1);
            if (!initial.containsKey(pool)) {
                continue;
            }
            double last = initial.get(pool);
            List<Double> points = new ArrayList<>();
            for (JsonNode datapoint : entry.path("datapoints")) {
                JsonNode value = datapoint.path(0);
                if (value.isNumber()) {
                    last = value.asDouble();
                }
                points.add(last);
            }
            series.put(pool, points);
        }
        return series;
    }
}
