package org.vmpooler.gcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Google Cloud at its HTTP boundary on 127.0.0.1, for tests: Compute Engine v1 ({@link #compute()}), Cloud DNS v1
 * ({@link #dns()}) and the OAuth token endpoint, all of one project ({@link #PROJECT}). Credentials work as with
 * Google: {@link #writeServiceAccount} writes a service-account key file whose {@code token_uri} is this server;
 * the client signs a JWT with the key, the server checks the signature and hands out an access token, and every
 * API call must carry a token it issued (401 otherwise; 403 for an identity {@link #deny denied}). No part of a
 * client's code path is skipped for the fake except the host it talks to.
 */
public final class FakeGoogleCloud implements AutoCloseable {
    public static final String PROJECT = "vmp-test";

    private final HttpServer server;
    private final FakeCompute compute = new FakeCompute(PROJECT);
    private final FakeCloudDns dns = new FakeCloudDns(PROJECT);
    private final Map<String, PublicKey> keys = new ConcurrentHashMap<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Set<String> denied = ConcurrentHashMap.newKeySet();
    private final AtomicInteger throttled = new AtomicInteger();
    private final AtomicInteger tokensIssued = new AtomicInteger();

    private FakeGoogleCloud(HttpServer server) {
        this.server = server;
        server.createContext("/token", this::token);
        server.createContext("/compute/v1/", exchange -> api(exchange, "/compute/v1/", compute::handle));
        server.createContext("/dns/v1/", exchange -> api(exchange, "/dns/v1/", dns::handle));
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    }

    public static FakeGoogleCloud start() throws IOException {
        FakeGoogleCloud fake = new FakeGoogleCloud(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        fake.server.start();
        return fake;
    }

    public FakeCompute compute() {
        return compute;
    }

    public FakeCloudDns dns() {
        return dns;
    }

    public URI computeEndpoint() {
        return URI.create(root() + "compute/v1/");
    }

    public URI dnsEndpoint() {
        return URI.create(root() + "dns/v1/");
    }

    /** Writes a service-account key file for {@code email} whose token endpoint is this fake. */
    public Path writeServiceAccount(Path dir, String email) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        keys.put(email, pair.getPublic());
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Map<String, String> key = new HashMap<>();
        key.put("type", "service_account");
        key.put("project_id", PROJECT);
        key.put("private_key_id", UUID.randomUUID().toString().replace("-", ""));
        key.put("private_key", pem);
        key.put("client_email", email);
        key.put("client_id", "1000" + Math.abs(email.hashCode()));
        key.put("token_uri", root() + "token");
        Path file = dir.resolve(email.replaceAll("[^a-z0-9]", "_") + ".json");
        Files.writeString(file, Shapes.json().writeValueAsString(key));
        return file;
    }

    /** Calls made as {@code email} are refused with 403, as when its IAM role lacks the permission. */
    public void deny(String email) {
        denied.add(email);
    }

    /** The next {@code count} API calls are answered 429 {@code rateLimitExceeded}. */
    public void throttle(int count) {
        throttled.set(count);
    }

    public int tokensIssued() {
        return tokensIssued.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private String root() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    /** The OAuth 2.0 JWT-bearer grant: a JWT signed with the service account's key buys an access token. */
    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = parseQuery(new String(exchange.getRequestBody().readAllBytes(),
                StandardCharsets.UTF_8));
        String[] jwt = form.getOrDefault("assertion", "").split("\\.");
        try {
            JsonNode claims = Shapes.json().readTree(Base64.getUrlDecoder().decode(jwt[1]));
            String email = claims.path("iss").asText();
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(keys.get(email));
            rsa.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rsa.verify(Base64.getUrlDecoder().decode(jwt[2]))) {
                throw new SecurityException("bad signature");
            }
            String token = "ya29.fake-" + UUID.randomUUID();
            tokens.put(token, email);
            tokensIssued.incrementAndGet();
            reply(exchange, 200, Shapes.json().createObjectNode().put("access_token", token).put("expires_in", 3599)
                    .put("token_type", "Bearer"));
        } catch (Exception e) {
            reply(exchange, 400, Shapes.json().createObjectNode().put("error", "invalid_grant")
                    .put("error_description", "Invalid JWT Signature."));
        }
    }

    @FunctionalInterface
    private interface Api {
        JsonNode handle(String method, List<String> path, Map<String, String> query, JsonNode body);
    }

    private void api(HttpExchange exchange, String prefix, Api api) throws IOException {
        try {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String email = auth == null ? null : tokens.get(auth.replaceFirst("^Bearer ", ""));
            if (email == null) {
                throw new FakeApiError(401, "authError", "Request had invalid authentication credentials.");
            }
            if (denied.contains(email)) {
                throw new FakeApiError(403, "forbidden", "Required permission missing for " + email);
            }
            if (throttled.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new FakeApiError(429, "rateLimitExceeded", "Rate Limit Exceeded");
            }
            String path = exchange.getRequestURI().getRawPath().substring(prefix.length());
            List<String> segments = new ArrayList<>(Arrays.stream(path.split("/"))
                    .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8)).filter(s -> !s.isEmpty()).toList());
            byte[] raw = exchange.getRequestBody().readAllBytes();
            JsonNode body = raw.length == 0 ? MissingNode.getInstance() : Shapes.json().readTree(raw);
            reply(exchange, 200, api.handle(exchange.getRequestMethod(), segments,
                    parseQuery(exchange.getRequestURI().getRawQuery()), body));
        } catch (FakeApiError e) {
            reply(exchange, e.status, Shapes.error(e.status, e.reason, e.getMessage()));
        } catch (RuntimeException e) {
            reply(exchange, 500, Shapes.error(500, "backendError", e.toString()));
        }
    }

    private static void reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = Shapes.json().writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody(); InputStream ignored = exchange.getRequestBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> parseQuery(String query) {
        Map<String, String> values = new HashMap<>();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                values.put(k, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }
}
