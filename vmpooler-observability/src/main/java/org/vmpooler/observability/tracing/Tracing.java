package org.vmpooler.observability.tracing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.config.TracingConfig;

/**
 * The process's OpenTelemetry: spans exported over OTLP/HTTP to {@code :tracing:}'s endpoint when tracing is
 * enabled, else a no-op that costs next to nothing. Closing flushes the spans still queued.
 */
public final class Tracing implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Tracing.class);
    public static final String INSTRUMENTATION = "org.vmpooler";
    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

    private final OpenTelemetry openTelemetry;
    private final SdkTracerProvider provider;

    private Tracing(OpenTelemetry openTelemetry, SdkTracerProvider provider) {
        this.openTelemetry = openTelemetry;
        this.provider = provider;
    }

    /** Tracing that records nothing. */
    public static Tracing disabled() {
        return new Tracing(OpenTelemetry.noop(), null);
    }

    /**
     * Starts exporting when {@code config} enables it, and makes this the global OpenTelemetry so that code
     * without a handle (the manager's cycles) traces into it too.
     */
    public static Tracing start(TracingConfig config, String serviceName) {
        if (!config.enabled() || config.endpoint().isEmpty()) {
            return disabled();
        }
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint(config.endpoint().get())
                .setTimeout(Duration.ofSeconds(10)).build();
        Tracing tracing = withProcessor(BatchSpanProcessor.builder(exporter).build(), serviceName);
        GlobalOpenTelemetry.set(tracing.openTelemetry);
        LOG.info("tracing: spans of service '{}' are exported over OTLP to {}", serviceName, config.endpoint().get());
        return tracing;
    }

    /** Tracing into a given processor (tests use an in-memory exporter); not made global. */
    public static Tracing withProcessor(SpanProcessor processor, String serviceName) {
        SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(processor)
                .setResource(Resource.getDefault().merge(Resource.builder().put(SERVICE_NAME, serviceName).build()))
                .build();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(provider)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
        return new Tracing(sdk, provider);
    }

    /** The reference's service names: {@code vmpooler-api}, {@code vmpooler-manager} or {@code vmpooler}, then {@code -<prefix>}. */
    public static String serviceName(boolean api, boolean manager, String prefix) {
        String base = api && !manager ? "vmpooler-api" : manager && !api ? "vmpooler-manager" : "vmpooler";
        return prefix == null || prefix.isEmpty() ? base : base + "-" + prefix;
    }

    public OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    public Tracer tracer() {
        return openTelemetry.getTracer(INSTRUMENTATION);
    }

    @Override
    public void close() {
        if (provider != null) {
            provider.shutdown().join(5, TimeUnit.SECONDS);
        }
    }
}
