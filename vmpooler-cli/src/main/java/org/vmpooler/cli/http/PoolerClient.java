package org.vmpooler.cli.http;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.vmpooler.cli.CliFailure;
import org.vmpooler.cli.ExitCode;
import org.vmpooler.cli.config.ConnectionSettings;

/**
 * The HTTP calls vmfloaty makes, relative to the configured API base ({@code .../api/v3}): the token goes in
 * {@code X-AUTH-TOKEN} where vmfloaty sends it, Basic credentials only for creating and deleting tokens.
 */
public final class PoolerClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private final ConnectionSettings settings;

    public PoolerClient(ConnectionSettings settings) {
        this.settings = settings;
    }

    public ConnectionSettings settings() {
        return settings;
    }

    /** One path segment (a host, token, template …) escaped, so user input never changes the route. */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** vmfloaty sends every GET without credentials. */
    public ApiReply get(String path) {
        return send("GET", path, null, Auth.NONE);
    }

    public ApiReply post(String path, Auth auth) {
        return send("POST", path, null, auth);
    }

    public ApiReply put(String path, JsonNode body, Auth auth) {
        return send("PUT", path, body, auth);
    }

    public ApiReply delete(String path, Auth auth) {
        return send("DELETE", path, null, auth);
    }

    /** How a call authenticates. */
    public sealed interface Auth {
        Auth NONE = new NoAuth();

        static Auth token(Optional<String> token) {
            return token.<Auth>map(Token::new).orElse(NONE);
        }
    }

    public record NoAuth() implements Auth {
    }

    public record Token(String token) implements Auth {
    }

    public record Basic(String user, char[] password) implements Auth {
    }

    private ApiReply send(String method, String path, JsonNode body, Auth auth) {
        URI uri = URI.create(settings.baseUrl() + "/" + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Accept", "application/json").header("User-Agent", "vmpooler-cli");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        switch (auth) {
            case Token token -> request.header("X-AUTH-TOKEN", token.token());
            case Basic basic -> request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (basic.user() + ":" + new String(basic.password())).getBytes(StandardCharsets.UTF_8)));
            case NoAuth none -> {
            }
        }
        String what = method + " " + uri;
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CliFailure(ExitCode.UNREACHABLE, "cannot reach vmpooler at " + settings.baseUrl() + ": "
                    + Unreachable.why(e) + "; check that the server runs and that the URL is right (--url, "
                    + "VMPOOLER_URL or url: in ~/.vmfloaty.yml)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(ExitCode.UNREACHABLE, "interrupted while waiting for " + what);
        }
        return new ApiReply(what, response.statusCode(), parse(what, response));
    }

    private static JsonNode parse(String what, HttpResponse<String> response) {
        try {
            JsonNode json = JSON.readTree(response.body());
            if (json != null && !json.isMissingNode()) {
                return json;
            }
        } catch (JsonProcessingException e) {
            // reported below: the answer is not vmpooler's
        }
        throw new CliFailure(ExitCode.UNREACHABLE, what + " answered HTTP " + response.statusCode()
                + " without JSON: is the URL the vmpooler API base (…/api/v3)?");
    }
}
