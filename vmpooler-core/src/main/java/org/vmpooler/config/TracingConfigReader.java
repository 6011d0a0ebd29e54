package org.vmpooler.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code :tracing:}. The reference exports to Jaeger's Thrift collector ({@code jaeger_host}, e.g.
 * {@code http://jaeger:14268/api/traces}); this implementation exports OTLP over HTTP, so such a URL is mapped
 * to the same host's OTLP receiver ({@code http://jaeger:4318/v1/traces}). {@code otlp_endpoint} is taken as
 * given and wins.
 */
final class TracingConfigReader {
    private static final Set<String> KNOWN_KEYS = Set.of("enabled", "jaeger_host", "otlp_endpoint");
    private static final String DEFAULT_JAEGER_HOST = "http://localhost:14268/api/traces";

    private TracingConfigReader() {
    }

    static TracingConfig read(Settings document, ConfigProblems problems) {
        Settings tracing = new SectionReader(SectionReader.topLevel(document, "tracing"), problems)
                .warnUnknownKeys(KNOWN_KEYS).settings();
        if (!tracing.bool("enabled", false)) {
            return TracingConfig.DISABLED;
        }
        Optional<String> otlp = tracing.string("otlp_endpoint");
        if (otlp.isPresent()) {
            return new TracingConfig(true, Optional.of(checkedUri(tracing, "otlp_endpoint", otlp.get()).toString()));
        }
        String jaeger = tracing.string("jaeger_host", DEFAULT_JAEGER_HOST);
        URI uri = checkedUri(tracing, "jaeger_host", jaeger);
        return new TracingConfig(true, Optional.of(uri.getScheme() + "://" + uri.getHost() + ":4318/v1/traces"));
    }

    private static URI checkedUri(Settings tracing, String key, String value) {
        try {
            URI uri = new URI(value.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw tracing.invalid(key, value, "an http(s) URL such as " + DEFAULT_JAEGER_HOST);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw tracing.invalid(key, value, "an http(s) URL such as " + DEFAULT_JAEGER_HOST);
        }
    }
}
