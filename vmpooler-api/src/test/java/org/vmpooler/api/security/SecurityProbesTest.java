package org.vmpooler.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vmpooler.api.support.EndToEndTestBase;
import org.vmpooler.api.support.LogCapture;
import org.vmpooler.api.support.RawHttp;
import org.vmpooler.api.support.Response;
import org.vmpooler.api.support.TestConfig;
import org.vmpooler.config.ConfigRedactor;
import org.vmpooler.domain.OndemandRequest;
import org.vmpooler.domain.RequestStatus;
import org.vmpooler.domain.PoolOverride;
import org.vmpooler.domain.VmState;
import org.vmpooler.domain.VmTaskKind;

/**
 * The service probed as an attacker and a careless client would, on the real server and store (subclasses choose
 * the store): a token never ends, changes or reads what another token owns, only administrators reshape pools, no
 * secret of the configuration leaves the process (responses, the published pool hash, logs), every error is JSON
 * (also those Jetty raises before the application runs), and a bounded fuzzer finds no 5xx, no HTML and no
 * cross-token action. See docs/SECURITY.md for the model these probes check.
 */
public abstract class SecurityProbesTest extends EndToEndTestBase {
    /** Every secret of the test configuration contains this, so one search finds any of them. */
    private static final String SECRET = "Zq7-secret-value";
    private static final String ALICE = "alice0000000000000000000000000aa";
    private static final String BOB = "bob00000000000000000000000000bbb";
    private static final String ROOT = "root0000000000000000000000000rrr";
    private static final Map<String, String> NONE = Map.of();

    private LogCapture logs;

    @BeforeEach
    void captureLogs() {
        logs = new LogCapture();
    }

    /** Runs after the server and manager have stopped, so their last lines are checked too. */
    @AfterEach
    void noSecretOrTokenWasLogged() {
        logs.close();
        assertThat(logs.lines()).noneSatisfy(line -> assertThat(line).contains(SECRET));
        assertThat(logs.lines()).noneSatisfy(line -> assertThat(line).contains(ALICE, BOB, ROOT));
    }

    /** Auth, ownership, administrators, experimental routes, the request log, and secrets at every level. */
    private TestConfig hardened() {
        return new TestConfig().auth().ownershipEnforced().admins("root").experimentalFeatures().requestLogger()
                .pool("debian", 0).pool("centos", 0).loopDelay(FAST)
                .poolSetting("admin_password", SECRET + "-pool-admin")
                .poolSetting("vm_credential", SECRET + "-pool-credential")
                .document("redis", Map.of("server", "redis.example.com", "password", SECRET + "-redis"))
                .document("providers", Map.of("vsphere", Map.of("server", "vc.example.com",
                        "password", SECRET + "-vsphere", "abs_aws_secret_key", SECRET + "-aws")))
                .document("tracing", Map.of("otlp_endpoint", "https://otel:" + SECRET + "@otel.example.com/"))
                .document("auth", Map.of("provider", "ldap", "ldap", Map.of("service_account_hash",
                        Map.of("user_dn", "cn=svc", "password", SECRET + "-ldap"))));
    }

    private void tokens() {
        token(ALICE, "alice");
        token(BOB, "bob");
        token(ROOT, "root");
    }

    private static Map<String, String> as(String token) {
        return token == null ? NONE : Map.of("X-AUTH-TOKEN", token);
    }

    /** A debian VM checked out by Alice. */
    private String alicesVm() {
        ready("debian", "alicevm");
        Response checkout = send("POST", "/api/v3/vm/debian", "", as(ALICE));
        assertThat(checkout.status()).as(checkout.toString()).isEqualTo(200);
        return "alicevm";
    }

    /** An on-demand request of Alice's that stays pending (no manager runs). */
    private String alicesRequest() {
        Response created = send("POST", "/api/v3/ondemandvm", "{\"centos\": 1, \"request_id\": \"alice-build-1\"}",
                as(ALICE));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return "alice-build-1";
    }

    private static String basic(byte[] userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword);
    }

    @Test
    void anotherTokenCannotDeleteAnOnDemandRequestNorTheVmsDeliveredForIt() {
        start(hardened());
        tokens();
        startManager();
        String id = send("POST", "/api/v3/ondemandvm/centos", "", as(ALICE)).json().get("request_id").asText();
        JsonNode delivered = eventually(() -> get("/api/v3/ondemandvm/" + id), r -> r.status() == 200).json();
        String fqdn = delivered.path("centos").path("hostname").get(0).asText();
        String vm = fqdn.substring(0, fqdn.indexOf('.'));

        assertThat(send("DELETE", "/api/v3/ondemandvm/" + id, null, as(BOB)).status()).isEqualTo(403);
        assertThat(send("DELETE", "/api/v3/ondemandvm/" + id, null, as(ROOT)).status()).isEqualTo(403);
        assertThat(send("DELETE", "/api/v3/ondemandvm/" + id, null, NONE).status()).isEqualTo(401);
        assertThat(send("DELETE", "/api/v3/vm/" + vm, null, as(BOB)).status()).isEqualTo(403);
        assertThat(store.ondemandRequest(id).flatMap(OndemandRequest::status)).contains(RequestStatus.READY);
        assertThat(store.vms("centos", VmState.RUNNING)).contains(vm);

        assertThat(send("DELETE", "/api/v3/ondemandvm/" + id, null, as(ALICE)).status()).isEqualTo(200);
        eventually(() -> store.vms("centos", VmState.RUNNING), running -> !running.contains(vm));
    }

    @Test
    void noTokenEndsChangesOrAdministersWhatItMayNot() {
        start(hardened());
        tokens();
        String vm = alicesVm();
        String request = alicesRequest();
        Map<String, String> vmBefore = store.vm(vm).orElseThrow().fields();

        record Probe(String method, String path, String body) {
        }
        List<Probe> ownerOnly = List.of(
                new Probe("DELETE", "/api/v3/vm/" + vm, null),
                new Probe("PUT", "/api/v3/vm/" + vm, "{\"lifetime\": 2, \"tags\": {\"owner\": \"bob\"}}"),
                new Probe("POST", "/api/v3/vm/" + vm + "/disk/10", ""),
                new Probe("POST", "/api/v3/vm/" + vm + "/snapshot", ""),
                new Probe("DELETE", "/api/v3/ondemandvm/" + request, null));
        List<Probe> adminOnly = List.of(
                new Probe("POST", "/api/v3/config/poolsize", "{\"debian\": 100000}"),
                new Probe("POST", "/api/v3/config/poolsize", "{\"debian\": 0}"),
                new Probe("DELETE", "/api/v3/config/poolsize/debian", null),
                new Probe("POST", "/api/v3/config/pooltemplate", "{\"debian\": \"templates/evil\"}"),
                new Probe("DELETE", "/api/v3/config/pooltemplate/debian", null),
                new Probe("POST", "/api/v3/config/clonetarget", "{\"debian\": \"evil-cluster\"}"),
                new Probe("POST", "/api/v3/poolreset", "{\"debian\": 1}"));
        for (Probe probe : ownerOnly) {
            for (String token : new String[] {BOB, ROOT}) {
                Response refused = send(probe.method(), probe.path(), probe.body(), as(token));
                assertThat(refused.status()).as(probe + " as " + token + " -> " + refused).isEqualTo(403);
            }
            assertThat(send(probe.method(), probe.path(), probe.body(), NONE).status()).as(probe.toString())
                    .isEqualTo(401);
        }
        for (Probe probe : adminOnly) {
            Response refused = send(probe.method(), probe.path(), probe.body(), as(BOB));
            assertThat(refused.status()).as(probe + " -> " + refused).isEqualTo(403);
            assertThat(send(probe.method(), probe.path(), probe.body(), NONE).status()).as(probe.toString())
                    .isEqualTo(401);
        }

        assertThat(store.vm(vm).orElseThrow().fields()).isEqualTo(vmBefore);
        assertThat(store.vms("debian", VmState.RUNNING)).containsExactly(vm);
        assertThat(store.ondemandRequest(request).flatMap(OndemandRequest::status)).isEmpty();
        assertThat(store.queuedVmTasks(VmTaskKind.DISK) + store.queuedVmTasks(VmTaskKind.SNAPSHOT)).isZero();
        for (PoolOverride kind : PoolOverride.values()) {
            assertThat(store.overrides(kind)).as(kind.toString()).isEmpty();
        }
        assertThat(send("POST", "/api/v3/config/poolsize", "{\"debian\": 3}", as(ROOT)).status()).isEqualTo(201);
    }

    @Test
    void withPrivateReadsOnlyTheOwnerSeesItsVmAndItsRequest() {
        start(hardened().privateReads());
        tokens();
        String vm = alicesVm();
        String request = alicesRequest();

        assertThat(send("GET", "/api/v3/vm/" + vm, null, as(BOB)).status()).isEqualTo(403);
        assertThat(send("GET", "/api/v3/vm/" + vm, null, NONE).status()).isEqualTo(401);
        assertThat(send("GET", "/api/v3/ondemandvm/" + request, null, as(BOB)).status()).isEqualTo(403);
        assertThat(send("GET", "/api/v3/ondemandvm/" + request, null, NONE).status()).isEqualTo(401);
        assertThat(send("GET", "/api/v3/vm/" + vm, null, as(ALICE)).status()).isEqualTo(200);
        assertThat(send("GET", "/api/v3/ondemandvm/" + request, null, as(ALICE)).status()).isEqualTo(202);
    }

    @Test
    void noSecretLeavesThroughResponsesOrThePublishedPools() {
        start(hardened());
        tokens();
        startManager();
        eventually(store::publishedPools, pools -> pools.contains("debian"));

        Map<String, String> published = store.publishedPool("debian");
        assertThat(published).containsEntry("admin_password", ConfigRedactor.REDACTED)
                .containsEntry("vm_credential", ConfigRedactor.REDACTED);
        assertThat(published.toString()).doesNotContain(SECRET);
        Response poolConfig = get("/api/v3/config");
        assertThat(poolConfig.status()).isEqualTo(200);
        assertThat(poolConfig.json().path("pool_configuration").get(0).path("admin_password").asText())
                .isEqualTo(ConfigRedactor.REDACTED);
        for (String path : List.of("/api/v3/config", "/api/v3/full_config", "/api/v3/status", "/api/v3/vm",
                "/api/v3/summary", "/api/v3/poolstat", "/api/v3/totalrunning", "/dashboard/",
                "/dashboard/stats/vmpooler/pool", "/api/v3/token/" + ALICE)) {
            Response response = send("GET", path, null, as(ALICE));
            assertThat(response.status()).as(path).isLessThan(500);
            assertThat(response.body()).as(path).doesNotContain(SECRET);
        }
    }

    @Test
    void errorsRaisedBelowTheApplicationAreJson() throws IOException {
        start(hardened());
        Map<String, byte[]> probes = new HashMap<>();
        probes.put("path not UTF-8", bytes("GET /api/v3/vm/", new byte[] {(byte) 0xff, (byte) 0xfe},
                " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        probes.put("percent-encoded path not UTF-8", bytes("GET /api/v3/vm/%ff%fe%c0 HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\n\r\n"));
        probes.put("token header not UTF-8", bytes("POST /api/v3/vm/debian HTTP/1.1\r\nHost: x\r\n"
                + "Content-Length: 0\r\nX-AUTH-TOKEN: ", new byte[] {(byte) 0xc3, (byte) 0x28, (byte) 0xff},
                "\r\nConnection: close\r\n\r\n"));
        probes.put("header name not UTF-8", bytes("GET /api/v3/vm HTTP/1.1\r\nHost: x\r\nX-",
                new byte[] {(byte) 0xc3, (byte) 0x28, (byte) 0xff}, ": 1\r\nConnection: close\r\n\r\n"));
        probes.put("URI too long", bytes("GET /api/v3/vm/" + "a".repeat(9_000) + " HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\n\r\n"));
        probes.put("headers too large", bytes("GET /api/v3/vm HTTP/1.1\r\nHost: x\r\nX-Pad: " + "p".repeat(9_000)
                + "\r\nConnection: close\r\n\r\n"));
        probes.put("bad request line", bytes("GET\u0001 /api HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        probes.put("ambiguous path", bytes("GET /api/v3/vm/%2e%2e/%2e%2e/full_config HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\n\r\n"));
        probes.put("bad content length", bytes("POST /api/v3/vm HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n"
                + "Connection: close\r\n\r\n"));
        probes.put("no host", bytes("GET /api/v3/vm HTTP/1.1\r\nConnection: close\r\n\r\n"));

        for (Map.Entry<String, byte[]> probe : probes.entrySet()) {
            RawHttp.Answer answer = RawHttp.send(server().port(), probe.getValue());
            assertThat(answer.status()).as(probe.getKey() + " -> " + answer).isBetween(400, 499);
            assertThat(answer.contentType()).as(probe.getKey() + " -> " + answer).startsWith("application/json");
            assertThat(answer.body()).as(probe.getKey()).startsWith("{").contains("\"ok\": false");
        }
    }

    @Test
    void theTokenRouteRefusesBodiesItDoesNotRead() throws Exception {
        start(hardened());
        String alice = basic("alice:pw".getBytes(StandardCharsets.UTF_8));

        Response declared = send("POST", "/api/v3/token", "{\"lifetime\": 99}", Map.of("Authorization", alice));
        assertThat(declared.status()).isEqualTo(400);
        assertThat(declared.json().get("error").asText()).isEqualTo("This route takes no request body");
        assertThat(chunkedTenMegabytes(alice).status()).isEqualTo(400);
        assertThat(store.tokensOf("alice")).isEmpty();

        Response floaty = send("POST", "/api/v3/token", "", Map.of("Authorization", alice));
        assertThat(floaty.status()).isEqualTo(200);
    }

    /**
     * A refused body of some tens of kilobytes is still arriving when the answer goes out; closing the connection
     * then reset it under the client, which lost the answer now and then (the fuzz test's POST with a body).
     */
    @Test
    void theAnswerToARefusedBodyReachesAClientStillSendingIt() {
        start(hardened());
        String alice = basic("alice:pw".getBytes(StandardCharsets.UTF_8));
        String body = "{\"debian\":\"" + "x".repeat(60_000) + "\"}";

        for (int i = 0; i < 300; i++) {
            Response refused = send("POST", "/api/v3/token", body, Map.of("Authorization", alice));
            assertThat(refused.status()).as("attempt " + i).isEqualTo(400);
        }
        assertThat(store.tokensOf("alice")).isEmpty();
    }

    /** Streams 10 MB in chunks while the answer is read; the server may stop reading (and reset) early. */
    private RawHttp.Answer chunkedTenMegabytes(String authorization) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server().port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v3/token HTTP/1.1\r\nHost: x\r\nAuthorization: " + authorization
                    + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                byte[] chunk = ("10000\r\n" + "x".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
                try {
                    for (int i = 0; i < 160; i++) {
                        out.write(chunk);
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                } catch (IOException e) {
                    // The server answered and closed without reading the rest: what it should do.
                }
            });
            RawHttp.Answer answer = RawHttp.read(socket.getInputStream());
            socket.close();
            writer.join();
            return answer;
        }
    }

    @Test
    void basicUserNamesThatAreNotUtf8AreRefused() {
        start(hardened());
        byte[] notUtf8 = {(byte) 0xff, (byte) 0xfe, 'x', ':', 'p', 'w'};

        Response refused = send("POST", "/api/v3/token", "", Map.of("Authorization", basic(notUtf8)));

        assertThat(refused.status()).isEqualTo(401);
        assertThat(store.tokensOf("\ufffd\ufffdx")).isEmpty();
    }

    /**
     * Random requests from Bob, the administrator, an unknown token and nobody, at Alice's VM and request, the
     * administrative routes and everything else: no 5xx, no error that is not JSON, no secret in a body, and
     * Alice's VM and request unchanged after every single request (1,500 requests take a few seconds). The seed is
     * printed for replay
     * ({@code -Dsecurity.seed=<seed>}).
     */
    @Test
    void boundedFuzzFindsNoServerErrorHtmlSecretOrCrossTokenAction() {
        long seed = Long.getLong("security.seed", System.nanoTime());
        System.out.println(getClass().getSimpleName() + " seed: " + seed);
        Random random = new Random(seed);
        start(hardened());
        tokens();
        String vm = alicesVm();
        String request = alicesRequest();
        Map<String, String> vmBefore = store.vm(vm).orElseThrow().fields();
        Map<String, String> requestBefore = store.ondemandRequest(request).orElseThrow().fields();
        List<String> paths = List.of("/api/v3/vm/" + vm, "/api/v3/vm/" + vm + ".example.com",
                "/api/v3/vm/" + vm + "/disk/5", "/api/v3/vm/" + vm + "/snapshot", "/api/v3/vm/" + vm + "/snapshot/x",
                "/api/v3/ondemandvm/" + request, "/api/v3/ondemandvm", "/api/v3/ondemandvm/debian",
                "/api/v3/config/poolsize", "/api/v3/config/poolsize/debian", "/api/v3/config/pooltemplate",
                "/api/v3/config/pooltemplate/centos", "/api/v3/config/clonetarget", "/api/v3/poolreset",
                "/api/v3/config", "/api/v3/full_config", "/api/v3/token", "/api/v3/token/" + BOB, "/api/v3/vm",
                "/api/v3/vm/debian", "/api/v3/vm/debian+centos", "/api/v3/status", "/api/v3/summary", "/nope");
        List<String> bodies = new ArrayList<>(List.of("", "{}", "{\"debian\": 1}", "{\"debian\": 999999}",
                "{\"lifetime\": 1}", "{\"tags\": {\"a\": \"b\"}}", "{\"centos\": \"templates/x\"}", "[1]", "{\"",
                "{\"request_id\": \"" + request + "\", \"debian\": 1}", "null"));
        bodies.add(null);
        String[] methods = {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"};
        String[] callers = {BOB, ROOT, "unknown-token", null};

        for (int i = 0; i < requests(); i++) {
            // An empty pool makes a checkout a 503, as in the reference: keep VMs ready so 5xx means a fault.
            for (String pool : List.of("debian", "centos")) {
                if (store.count(pool, VmState.READY) < 2) {
                    ready(pool, "spare" + i + pool);
                }
            }
            String method = methods[random.nextInt(methods.length)];
            String path = paths.get(random.nextInt(paths.size()));
            String body = bodies.get(random.nextInt(bodies.size()));
            String caller = callers[random.nextInt(callers.length)];
            Map<String, String> headers = new HashMap<>(as(caller));
            if (random.nextInt(4) == 0) {
                headers.put("Authorization", basic(("bob:" + random.nextInt(3)).getBytes(StandardCharsets.UTF_8)));
            }
            if (body != null && random.nextBoolean()) {
                headers.put("Content-Type", "application/json");
            }

            Response response = send(method, path, body, headers);

            String what = "#" + i + " " + method + " " + path + " as " + caller + " body=" + body + " -> " + response;
            assertThat(response.status()).as(what).isBetween(200, 499);
            assertThat(response.body()).as(what).doesNotContain(SECRET);
            if (response.status() >= 400 && !method.equals("HEAD")) {
                assertThat(response.header("Content-Type")).as(what).hasValueSatisfying(type ->
                        assertThat(type).startsWith("application/json"));
                assertThat(response.body()).as(what).startsWith("{");
            }
            assertThat(store.vm(vm).orElseThrow().fields()).as(what).isEqualTo(vmBefore);
            assertThat(store.vms("debian", VmState.RUNNING)).as(what).contains(vm);
            assertThat(store.ondemandRequest(request).orElseThrow().fields()).as(what).isEqualTo(requestBefore);
        }
    }

    /** How many requests the fuzzer sends: bounded, so the suite runs in every build. */
    protected int requests() {
        return 1_500;
    }

    private static byte[] bytes(Object... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Object part : parts) {
            byte[] piece = part instanceof byte[] raw ? raw : part.toString().getBytes(StandardCharsets.ISO_8859_1);
            out.write(piece, 0, piece.length);
        }
        return out.toByteArray();
    }
}
