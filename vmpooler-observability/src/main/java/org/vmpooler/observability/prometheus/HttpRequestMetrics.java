package org.vmpooler.observability.prometheus;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.api.http.RouteGroup;
import org.vmpooler.observability.http.HttpRoutes;
import org.vmpooler.observability.http.RequestPath;

/**
 * The reference's HTTP collector: {@code P_http_requests_total} (code, method, path),
 * {@code P_http_request_duration_seconds} (method, path) and {@code P_http_exceptions_total} (exception). Routes
 * turn failures into responses, so failures show as {@code code="500"}; the exception counter is kept so existing
 * queries find it, as in the reference's deployments, where it stays at 0.
 */
public final class HttpRequestMetrics implements RouteGroup {
    private static final Logger LOG = LoggerFactory.getLogger(HttpRequestMetrics.class);
    private static final String STARTED = HttpRequestMetrics.class.getName() + ".started";
    private static final double[] SECONDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final MetricFamily requests;
    private final MetricFamily duration;

    public HttpRequestMetrics(PrometheusRegistry registry, String metricPrefix) {
        String prefix = metricPrefix + "_http";
        requests = registry.register(prefix + "_requests_total", MetricType.COUNTER,
                "HTTP requests answered, by status code, method and path",
                List.of("code", "method", "path"), Map.of(), new double[0]);
        duration = registry.register(prefix + "_request_duration_seconds", MetricType.HISTOGRAM,
                "Seconds taken to answer HTTP requests, by method and path", List.of("method", "path"), Map.of(), SECONDS);
        registry.register(prefix + "_exceptions_total", MetricType.COUNTER,
                "Requests that ended in an exception nobody handled, by exception class", List.of("exception"), Map.of(),
                new double[0]);
    }

    @Override
    public void register(RoutesConfig app) {
        app.before(ctx -> ctx.attribute(STARTED, System.nanoTime()));
        app.after(this::record);
    }

    private void record(Context ctx) {
        try {
            Long started = ctx.attribute(STARTED);
            String method = ctx.method().name().toLowerCase(Locale.ROOT);
            String path = RequestPath.label(ctx.path(), HttpRoutes.matched(ctx));
            requests.add(List.of(Integer.toString(ctx.statusCode()), method, path), 1);
            if (started != null) {
                duration.observe(List.of(method, path), (System.nanoTime() - started) / 1e9);
            }
        } catch (RuntimeException e) {
            LOG.debug("HTTP request metrics not recorded for {}: {}", ctx.path(), e.toString());
        }
    }
}
