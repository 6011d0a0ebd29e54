package org.vmpooler.gcp;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import org.vmpooler.config.Settings;

/**
 * The keys every Google plugin shares, read once from its section: {@code endpoint} (the API root, for a private
 * endpoint or a test fake; plain {@code http} only to a loopback address, so tokens never cross a network in the
 * clear), {@code credentials_file} (a key file instead of Application Default Credentials), {@code api_retries}
 * and {@code api_retry_delay} (tries and first back-off in seconds for throttled or unavailable calls) and
 * {@code request_timeout} (seconds one HTTP call may take).
 */
public record GoogleApiSettings(URI endpoint, Optional<Path> credentialsFile, RetryPolicy retry,
                                Duration requestTimeout) {

    /** The keys {@link #of} reads, part of every Google plugin's own keys. */
    public static final Set<String> KEYS = Set.of("endpoint", "credentials_file", "api_retries", "api_retry_delay",
            "request_timeout");

    static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(30);

    public static GoogleApiSettings of(Settings s, String defaultEndpoint) {
        URI endpoint = endpoint(s, s.string("endpoint", defaultEndpoint));
        Optional<Path> credentials = s.string("credentials_file").filter(f -> !f.isBlank()).map(Path::of);
        credentials.filter(f -> !Files.isReadable(f)).ifPresent(f -> {
            throw s.invalid("credentials_file", f, "a readable service-account key file");
        });
        int retries = s.integer("api_retries", 4);
        if (retries < 1) {
            throw s.invalid("api_retries", retries, "tries in all, at least 1");
        }
        double delay = s.decimal("api_retry_delay").orElse(1.0);
        if (!(delay >= 0 && delay <= 60)) {
            throw s.invalid("api_retry_delay", delay, "seconds from 0 to 60");
        }
        int timeout = s.integer("request_timeout", 150);
        if (timeout < 1) {
            throw s.invalid("request_timeout", timeout, "seconds, at least 1");
        }
        return new GoogleApiSettings(endpoint, credentials,
                new RetryPolicy(retries, Duration.ofMillis(Math.round(delay * 1000)), MAX_RETRY_DELAY),
                Duration.ofSeconds(timeout));
    }

    private static URI endpoint(Settings s, String text) {
        String withSlash = text.endsWith("/") ? text : text + "/";
        try {
            URI uri = new URI(withSlash);
            boolean https = "https".equals(uri.getScheme());
            boolean loopbackHttp = "http".equals(uri.getScheme()) && uri.getHost() != null && loopback(uri.getHost());
            if (uri.getHost() == null || !(https || loopbackHttp)) {
                throw s.invalid("endpoint", text, "an https:// URL (http:// only to a loopback address)");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw s.invalid("endpoint", text, "an https:// URL");
        }
    }

    private static boolean loopback(String host) {
        try {
            return host.equals("localhost") || InetAddress.getByName(host.replace("[", "").replace("]", ""))
                    .isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
