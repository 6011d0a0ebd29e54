package org.vmpooler.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vmpooler.api.support.ApiTestBase;
import org.vmpooler.api.support.LogCapture;
import org.vmpooler.api.support.Response;
import org.vmpooler.api.support.TestConfig;
import org.vmpooler.store.Store;
import org.vmpooler.store.StoreException;

/** What every client gets outside the routes: JSON 404s, the dashboard redirect, the health check. */
public abstract class FallbackHttpTest extends ApiTestBase {

    private volatile boolean storeDown;

    @BeforeEach
    void startServer() {
        start(new TestConfig().pool("pool1", 1), new Random(), this::failingPingWhenDown);
    }

    /** The store as the server sees it: answering, until the test takes it down. */
    private Store failingPingWhenDown(Store real) {
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class},
                (proxy, method, args) -> {
                    if (storeDown) {
                        switch (method.getName()) {
                            case "ping" -> {
                                return false;
                            }
                            case "vm" -> throw new StoreException("connection refused");
                            case "counts" -> throw new IllegalStateException("a bug");
                            default -> { }
                        }
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void unknownPathIsJson404InRubyLayout() {
        Response response = get("/api/v3/nothing/here");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type")).contains("application/json");
        assertThat(response.body()).isEqualTo("{\n  \"ok\": false\n}");
    }

    @Test
    void baseUrlWithoutApiPrefixAsFloatyWouldSendIsJson404() {
        Response response = get("/vm");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("ok").asBoolean()).isFalse();
    }

    @Test
    void unknownMethodOnKnownPathIsJson404() {
        assertThat(send("PATCH", "/api/v3/vm", "{}", Map.of()).status()).isEqualTo(404);
        Response options = send("OPTIONS", "/api/v3/status", null, Map.of());
        assertThat(options.status()).isEqualTo(404);
        assertThat(options.json().get("ok").asBoolean()).isFalse();
    }

    @Test
    void rootRedirectsToAbsoluteDashboardUrl() {
        Response response = get("/");

        assertThat(response.status()).isEqualTo(302);
        assertThat(response.header("Location")).hasValueSatisfying(location ->
                assertThat(location).matches("http://127\\.0\\.0\\.1:\\d+/dashboard/"));
    }

    @Test
    void healthCheckReportsAnsweringStore() {
        Response response = get("/healthcheck/");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\n  \"ok\": true\n}");
    }

    @Test
    void healthCheckReports503WhenTheStoreIsGone() {
        storeDown = true;

        Response response = get("/healthcheck");

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.json().get("ok").asBoolean()).isFalse();
    }

    @Test
    void headIsAnsweredWhereverGetIs() {
        Response response = send("HEAD", "/api/v3/status", null, Map.of());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(send("HEAD", "/api/v3/nothing", null, Map.of()).status()).isEqualTo(404);
    }

    @Test
    void anUnreachableStoreIsAJson503() {
        storeDown = true;

        Response response = get("/api/v3/vm/vm-1");

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.json().get("error").asText()).isEqualTo("The store is unavailable");
    }

    @Test
    void aStoreOutageLogsALinePerRequestButAStackTraceOncePerKindAndInterval() {
        storeDown = true;
        List<ILoggingEvent> failures;
        try (LogCapture logs = new LogCapture()) {
            for (int i = 0; i < 40; i++) {
                assertThat(get("/api/v3/vm/vm-" + i).status()).isEqualTo(503);
            }
            clock.advance(FailedRequestLog.INTERVAL);
            assertThat(get("/api/v3/vm/vm-40").status()).isEqualTo(503);
            failures = logs.events().stream().filter(e -> e.getLevel() == Level.ERROR).toList();
        }

        assertThat(failures).hasSize(41).allSatisfy(event -> assertThat(event.getFormattedMessage())
                .startsWith("GET /api/v3/vm/vm-").contains("the store is unavailable", "connection refused"));
        assertThat(failures).filteredOn(event -> event.getThrowableProxy() != null).hasSize(2);
        assertThat(failures.get(0).getThrowableProxy()).isNotNull();
        assertThat(failures.get(40).getThrowableProxy()).isNotNull();
    }

    @Test
    void anUnexpectedFailureIsAJson500WithoutDetails() {
        storeDown = true;

        Response response = get("/api/v3/totalrunning");

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.json().get("error").asText()).isEqualTo("Internal server error");
        assertThat(response.body()).doesNotContain("a bug", "Exception");
    }

    @Test
    void routesAcceptATrailingSlash() {
        assertThat(get("/api/v3/vm/").status()).isEqualTo(200);
        assertThat(get("/api/v3/totalrunning/").status()).isEqualTo(200);
    }
}
