package org.vmpooler.observability.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpooler.config.TracingConfig;
import org.vmpooler.observability.support.Configs;

/** Spans leave the process over OTLP/HTTP to the endpoint of {@code :tracing:}, here a receiver on loopback. */
class OtlpExportTest {
    private record Received(String path, String contentType, String body) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private HttpServer receiver;

    @TempDir
    Path dir;

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/v1/traces", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), new String(body, StandardCharsets.ISO_8859_1)));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
        GlobalOpenTelemetry.resetForTest();
    }

    @Test
    void spansAreExportedToTheConfiguredEndpointWithTheServiceName() {
        TracingConfig config = Configs.load(dir, """
                :tracing:
                  enabled: true
                  otlp_endpoint: http://127.0.0.1:%d/v1/traces
                """.formatted(receiver.getAddress().getPort())).tracing();
        String service = Tracing.serviceName(false, true, "ci");
        try (Tracing tracing = Tracing.start(config, service)) {
            Span span = tracing.tracer().spanBuilder("pool cycle").startSpan();
            span.end();
        }

        assertThat(service).isEqualTo("vmpooler-manager-ci");
        assertThat(received).singleElement().satisfies(request -> {
            assertThat(request.path()).isEqualTo("/v1/traces");
            assertThat(request.contentType()).isEqualTo("application/x-protobuf");
            assertThat(request.body()).contains("vmpooler-manager-ci").contains("pool cycle");
        });
    }

    @Test
    void disabledTracingExportsNothing() {
        try (Tracing tracing = Tracing.start(TracingConfig.DISABLED, "vmpooler")) {
            tracing.tracer().spanBuilder("pool cycle").startSpan().end();
        }
        assertThat(received).isEmpty();
    }

    @Test
    void serviceNamesFollowTheRoles() {
        assertThat(Tracing.serviceName(true, true, "")).isEqualTo("vmpooler");
        assertThat(Tracing.serviceName(true, false, "")).isEqualTo("vmpooler-api");
        assertThat(Tracing.serviceName(true, false, "poolerA")).isEqualTo("vmpooler-api-poolerA");
    }
}
