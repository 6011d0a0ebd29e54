package org.vmpooler.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.vmpooler.api.support.ApiTestBase;
import org.vmpooler.api.support.RecordingMetrics;
import org.vmpooler.api.support.TestConfig;
import org.vmpooler.store.InMemoryStore;
import org.vmpooler.testing.MutableClock;

class ApiServerLifecycleTest {
    private final MutableClock clock = new MutableClock(ApiTestBase.START, ZoneOffset.UTC);

    @Test
    void closeLetsARequestInFlightFinishAndThenRefusesConnections() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ApiServer server = new ApiServer(new TestConfig().build(), new InMemoryStore(clock), new RecordingMetrics(),
                clock).withRoutes(app -> app.get("/slow", ctx -> {
                    entered.countDown();
                    release.await(30, TimeUnit.SECONDS);
                    ctx.result("done");
                })).start();
        HttpClient http = HttpClient.newHttpClient();
        URI base = URI.create("http://127.0.0.1:" + server.port());

        CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(
                HttpRequest.newBuilder(base.resolve("/slow")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
        release.countDown();
        closing.get(30, TimeUnit.SECONDS);

        assertThat(inFlight.get(30, TimeUnit.SECONDS).body()).isEqualTo("done");
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(base.resolve("/api/v3/vm")).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void listensWithRoomForABurstOfNewConnections() throws Exception {
        ApiServer server = new ApiServer(new TestConfig().build(), new InMemoryStore(clock), new RecordingMetrics(),
                clock).start();
        try {
            // ss shows a listening socket's accept queue limit as its Send-Q.
            Process ss = new ProcessBuilder("ss", "-Hltn", "sport = :" + server.port()).start();
            String listing = new String(ss.getInputStream().readAllBytes()).trim();
            assertThat(ss.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(listing).as("ss listing of the API port").startsWith("LISTEN");
            int kernelLimit = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/core/somaxconn")).get(0).trim());
            assertThat(Integer.parseInt(listing.split("\\s+")[2]))
                    .isEqualTo(Math.min(ApiServer.ACCEPT_QUEUE, kernelLimit)).isGreaterThan(50);
        } finally {
            server.close();
        }
    }

    @Test
    void routesCannotBeAddedOnceStarted() {
        ApiServer server = new ApiServer(new TestConfig().build(), new InMemoryStore(clock), new RecordingMetrics(),
                clock).start();
        try {
            assertThatThrownBy(() -> server.withRoutes(app -> { })).isInstanceOf(IllegalStateException.class);
        } finally {
            server.close();
        }
    }
}
