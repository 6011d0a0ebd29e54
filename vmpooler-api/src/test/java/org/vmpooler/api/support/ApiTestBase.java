package org.vmpooler.api.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.AfterEach;
import org.vmpooler.api.ApiServer;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.domain.BootedVm;
import org.vmpooler.domain.NewVm;
import org.vmpooler.domain.RubyTime;
import org.vmpooler.store.Store;
import org.vmpooler.testing.MutableClock;

/**
 * Runs the real server on a free 127.0.0.1 port over a real store, and talks to it with
 * {@link java.net.http.HttpClient}. Subclasses choose the store, so the same HTTP suite runs on every store.
 */
public abstract class ApiTestBase {
    /** Tests start at a fixed instant in UTC. */
    public static final Instant START = Instant.parse("2026-03-19T12:00:00Z");

    protected final MutableClock clock = new MutableClock(START, ZoneOffset.UTC);
    protected final RecordingMetrics metrics = new RecordingMetrics();
    protected Store store;
    protected VmpoolerConfig config;
    private ApiServer server;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    /** A fresh, empty store for one test. */
    protected abstract Store newStore();

    protected void start(TestConfig testConfig) {
        start(testConfig, new Random(42));
    }

    protected void start(TestConfig testConfig, RandomGenerator random) {
        start(testConfig, random, UnaryOperator.identity());
    }

    /** {@code decorator} wraps the store the server sees (the test keeps the undecorated one). */
    protected void start(TestConfig testConfig, RandomGenerator random, UnaryOperator<Store> decorator) {
        config = testConfig.build();
        store = newStore();
        server = new ApiServer(config, decorator.apply(store), metrics, clock, random)
                .start();
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
        if (store != null) {
            store.close();
        }
        for (AutoCloseable resource : resources.reversed()) {
            try {
                resource.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not release " + resource, e);
            }
        }
    }

    /** Releases {@code resource} after the server and the store, when the test is over. */
    protected <T extends AutoCloseable> T closeAfterwards(T resource) {
        resources.add(resource);
        return resource;
    }

    /** A VM that went through the manager's pending → ready steps. */
    protected void ready(String pool, String vm) {
        String domain = config.domainFor(pool).orElse(null);
        if (!store.reservePendingVm(NewVm.forPool(vm, pool, domain, clock.instant()))) {
            throw new IllegalStateException("VM name taken: " + vm);
        }
        if (store.markReady(pool, List.of(new BootedVm(vm, Duration.ofSeconds(30))),
                clock.instant(), RubyTime.day(clock.instant(), clock.getZone())).isEmpty()) {
            throw new IllegalStateException("VM was not pending: " + vm);
        }
    }

    protected void token(String token, String user) {
        store.createToken(token, user, clock.instant());
    }

    protected Response get(String path) {
        return send("GET", path, null, Map.of());
    }

    protected Response post(String path) {
        return send("POST", path, "", Map.of("Content-Type", "application/x-www-form-urlencoded"));
    }

    protected Response post(String path, String body) {
        return send("POST", path, body, Map.of("Content-Type", "application/x-www-form-urlencoded"));
    }

    protected Response put(String path, String body, Map<String, String> headers) {
        return send("PUT", path, body, headers);
    }

    protected Response delete(String path) {
        return send("DELETE", path, null, Map.of());
    }

    /** {@code body} null sends none; headers as given (floaty's form content type is the caller's choice). */
    protected Response send(String method, String path, String body, Map<String, String> headers) {
        return sendTo(server, method, path, body, headers);
    }

    /** As {@link #send}, to another server of the test. */
    protected Response sendTo(ApiServer target, String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.port() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    protected ApiServer server() {
        return server;
    }
}
