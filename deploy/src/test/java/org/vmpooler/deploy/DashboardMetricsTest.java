package org.vmpooler.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped Grafana dashboard asks only for metrics the service exposes: the names come from the /prometheus
 * output of the real service (the assembled jar, both roles, the compose stack's configuration), not from a list.
 */
class DashboardMetricsTest {
    private static final Path DASHBOARD = Repo.DEPLOY.resolve("grafana/vmpooler.json");
    /**
     * Label matchers, grouping clauses, range selectors and the label argument of Grafana's label_values() hold
     * label names, which are not metric names.
     */
    private static final Pattern NOT_METRICS = Pattern.compile(
            "\\{[^}]*}|\\b(by|without)\\s*\\([^)]*\\)|\\[[^]]*]|,\\s*\\w+\\s*\\)");
    private static final Pattern NAME = Pattern.compile("\\b(?:vmpooler|jvm)_[a-zA-Z0-9_:]*");

    @TempDir
    static Path dir;
    private static Process service;
    private static int port;

    @BeforeAll
    static void startTheService() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(javaBin(), "-jar", Repo.JAR.toString(), "server")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("service.log").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("VMPOOLER_") || k.startsWith("REDIS_") || k.equals("PORT"));
        builder.environment().putAll(Map.of("PORT", Integer.toString(port), "BIND_ADDRESS", "127.0.0.1",
                "LOGFILE", dir.resolve("vmpooler.log").toString(),
                "VMPOOLER_CONFIG_FILE", Repo.ROOT.resolve("vmpooler.yaml.dummy-example").toString(),
                "EXTRA_CONFIG", Repo.DEPLOY.resolve("compose/vmpooler-extra.yaml").toString()));
        service = builder.start();
    }

    @AfterAll
    static void stopTheService() throws InterruptedException {
        service.destroy();
        if (!service.waitFor(30, TimeUnit.SECONDS)) {
            service.destroyForcibly();
        }
    }

    @Test
    void everyMetricTheDashboardQueriesIsExposedByTheService() throws IOException {
        Set<String> exposed = exposedSampleNames();
        Set<String> queried = queriedMetricNames();

        assertThat(queried).as("the dashboard's topics")
                .contains("vmpooler_ready", "vmpooler_running", "vmpooler_pending", "vmpooler_checkout_success",
                        "vmpooler_clone_bucket", "vmpooler_time_to_ready_state_bucket", "vmpooler_errors_markedasfailed",
                        "vmpooler_vmpooler_health", "vmpooler_circuit_breaker", "vmpooler_provider_call_failed");
        assertThat(exposed).as("metric names in /prometheus").containsAll(queried);
    }

    /** Every sample name a scrape can carry: each declared family, and a histogram's _bucket, _sum and _count. */
    private static Set<String> exposedSampleNames() {
        String scrape = Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions().until(DashboardMetricsTest::scrape, body -> body.contains("# TYPE vmpooler_ready "));
        Set<String> names = new TreeSet<>();
        for (String line : scrape.lines().filter(l -> l.startsWith("# TYPE ")).toList()) {
            String[] parts = line.split(" ");
            names.add(parts[2]);
            if (parts[3].equals("histogram")) {
                names.addAll(List.of(parts[2] + "_bucket", parts[2] + "_sum", parts[2] + "_count"));
            }
        }
        return names;
    }

    static Set<String> queriedMetricNames() throws IOException {
        List<String> queries = new ArrayList<>();
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        dashboard.findValues("expr").forEach(expr -> queries.add(expr.asText()));
        dashboard.path("templating").path("list").forEach(variable -> {
            if (variable.has("definition")) {
                queries.add(variable.get("definition").asText());
            }
        });
        assertThat(queries).hasSizeGreaterThan(20);
        Set<String> names = new TreeSet<>();
        for (String query : queries) {
            Matcher matcher = NAME.matcher(NOT_METRICS.matcher(query).replaceAll(" "));
            while (matcher.find()) {
                names.add(matcher.group());
            }
        }
        return names;
    }

    private static String scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/prometheus"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
