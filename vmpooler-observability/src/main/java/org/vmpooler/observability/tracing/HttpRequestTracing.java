package org.vmpooler.observability.tracing;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;

import org.vmpooler.api.guard.RequestLog;
import org.vmpooler.api.http.RouteGroup;
import org.vmpooler.observability.http.HttpRoutes;
import org.vmpooler.observability.http.RequestPath;

/**
 * A server span per API request, continuing the caller's trace when it sends a W3C {@code traceparent}. The span
 * is current while the request runs, so the store calls it makes become its children.
 */
public final class HttpRequestTracing implements RouteGroup {
    private static final String SPAN = HttpRequestTracing.class.getName() + ".span";
    private static final String SCOPE = HttpRequestTracing.class.getName() + ".scope";
    private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    private static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
    private static final TextMapGetter<Context> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Context ctx) {
            return ctx.headerMap().keySet();
        }

        @Override
        public String get(Context ctx, String key) {
            return ctx == null ? null : ctx.header(key);
        }
    };

    private final OpenTelemetry openTelemetry;
    private final Tracer tracer;

    public HttpRequestTracing(OpenTelemetry openTelemetry) {
        this.openTelemetry = openTelemetry;
        this.tracer = openTelemetry.getTracer(Tracing.INSTRUMENTATION);
    }

    @Override
    public void register(RoutesConfig app) {
        app.before(this::open);
        app.after(this::close);
    }

    private void open(Context ctx) {
        io.opentelemetry.context.Context parent = openTelemetry.getPropagators().getTextMapPropagator()
                .extract(io.opentelemetry.context.Context.root(), ctx, HEADERS);
        String method = ctx.method().name();
        // Traces leave the process: a token in the path is masked as in the request log.
        String path = RequestLog.masked(ctx.path());
        Span span = tracer.spanBuilder(method + " " + path).setParent(parent).setSpanKind(SpanKind.SERVER)
                .setAttribute(METHOD, method).setAttribute(PATH, path).startSpan();
        ctx.attribute(SPAN, span);
        ctx.attribute(SCOPE, span.makeCurrent());
    }

    private void close(Context ctx) {
        Span span = ctx.attribute(SPAN);
        Scope scope = ctx.attribute(SCOPE);
        if (span == null) {
            return;
        }
        int status = ctx.statusCode();
        String route = RequestPath.label(ctx.path(), HttpRoutes.matched(ctx));
        span.updateName(ctx.method().name() + " " + route);
        span.setAttribute(ROUTE, route);
        span.setAttribute(STATUS, (long) status);
        if (status >= 500) {
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
        if (scope != null) {
            scope.close();
        }
    }
}
