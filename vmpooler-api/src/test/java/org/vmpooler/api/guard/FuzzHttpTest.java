package org.vmpooler.api.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.vmpooler.api.support.ApiTestBase;
import org.vmpooler.api.support.Response;
import org.vmpooler.api.support.TestConfig;
import org.vmpooler.domain.PoolOverride;
import org.vmpooler.domain.TokenRecord;
import org.vmpooler.domain.VmState;
import org.vmpooler.domain.VmTaskKind;

/**
 * Thousands of randomised requests (methods, paths, headers, tokens, credentials, bodies) against the running
 * server: none may get a 5xx or hang, the server stays healthy, and a rejected request (4xx) leaves the store
 * exactly as it was. The seed is printed so a failure can be replayed with {@code -Dfuzz.seed=<seed>}.
 */
abstract class FuzzHttpTest extends ApiTestBase {
    private static final List<String> POOLS = List.of("debian", "centos");
    private static final List<String> USERS = List.of("alice", "bob", "carol");
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"};
    private static final String ALICE_TOKEN = "a".repeat(32);
    private static final String BOB_TOKEN = "b".repeat(32);

    private Random random;
    private final List<String> vms = new ArrayList<>();

    /** How many requests to send. */
    abstract int requests();

    @Test
    void randomRequestsNeverFailTheServerNorChangeTheStoreWhenRejected() {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println(getClass().getSimpleName() + " seed: " + seed);
        random = new Random(seed);
        start(new TestConfig().auth().ownershipEnforced().vmLifetimeAuth(12).maxLifetime(48)
                .pool("debian", 5).pool("centos", 5));
        token(ALICE_TOKEN, "alice");
        token(BOB_TOKEN, "bob");
        for (int i = 0; i < 40; i++) {
            String vm = "fuzzvm" + i;
            ready(POOLS.get(i % 2), vm);
            vms.add(vm);
        }
        send("POST", "/api/v3/vm/debian+centos", "", Map.of("X-AUTH-TOKEN", ALICE_TOKEN));

        int rejected = 0;
        for (int i = 0; i < requests(); i++) {
            String method = METHODS[random.nextInt(METHODS.length)];
            String path = path();
            String body = body();
            Map<String, String> headers = headers();
            Map<String, Object> before = snapshot();

            Response response = send(method, path, body, headers);

            String request = "#" + i + " " + method + " " + path + " " + headers + " body=" + abbreviate(body);
            assertThat(response.status()).as(request + " -> " + response).isBetween(200, 499);
            if (response.status() >= 400) {
                rejected++;
                assertThat(snapshot()).as("store changed by rejected " + request + " -> " + response)
                        .isEqualTo(before);
            }
            if (i % 500 == 0) {
                restock(i);
            }
        }

        assertThat(rejected).as("the fuzzer should mostly produce bad requests").isGreaterThan(requests() / 2);
        assertThat(requests() - rejected).as("and some good ones").isGreaterThan(requests() / 50);
        assertThat(get("/healthcheck").status()).isEqualTo(200);
        ready("debian", "afterfuzz");
        assertThat(send("POST", "/api/v3/vm/debian", "", Map.of()).status()).isEqualTo(200);
    }

    /** Keeps some VMs ready so checkouts keep succeeding between rejections. */
    private void restock(int round) {
        for (int i = 0; i < 4; i++) {
            String vm = "restock" + round + "x" + i;
            ready(POOLS.get(i % 2), vm);
            vms.add(vm);
        }
    }

    private String path() {
        String vm = pick(vms);
        String base = switch (random.nextInt(23)) {
            case 0 -> "/api/v3/vm";
            case 1, 2 -> "/api/v3/vm/" + vm;
            case 3 -> "/api/v3/vm/" + vm + ".example.com";
            case 4 -> "/api/v3/vm/" + pick(POOLS) + (random.nextBoolean() ? "+" + pick(POOLS) : "");
            case 5 -> "/api/v3/vm/" + junk(12);
            case 6 -> "/api/v3/token";
            case 7 -> "/api/v3/token/" + pick(List.of(ALICE_TOKEN, BOB_TOKEN, junk(32), ""));
            case 8 -> "/api/v3/status";
            case 9 -> "/api/v3/vm/" + vm + "/disk/" + pick(List.of("10", "0", "-1", "99999", "abc", junk(4)));
            case 10 -> "/api/v3/vm/" + vm + "/snapshot" + (random.nextBoolean() ? "/" + junk(8) : "");
            case 11 -> "/api/v3/ondemandvm" + (random.nextBoolean() ? "/" + pick(POOLS) : "/" + junk(10));
            case 12 -> "/api/v3/summary";
            case 13 -> "/api/v3/config";
            case 14 -> "/api/v3/full_config";
            case 15 -> "/api/v3/poolstat";
            case 16 -> "/api/v3/totalrunning";
            case 17 -> "/healthcheck";
            case 18 -> "/";
            case 19 -> "/" + junk(random.nextInt(200));
            case 20 -> "/api/v3/vm/" + "x".repeat(random.nextInt(3000));
            case 21 -> "/dashboard/" + pick(List.of("", "stats/vmpooler/pool", "stats/vmpooler/running", junk(8)));
            default -> "/api/v3/" + junk(6) + "/" + junk(6);
        };
        if (random.nextInt(5) == 0) {
            base += "?" + junk(5) + "=" + junk(8) + (random.nextBoolean() ? "&pool=" + pick(POOLS) : "");
        }
        return base + (random.nextInt(10) == 0 ? "/" : "");
    }

    private Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        switch (random.nextInt(6)) {
            case 0 -> headers.put(pick(List.of("X-AUTH-TOKEN", "x-auth-token", "X-Auth-Token")), ALICE_TOKEN);
            case 1 -> headers.put("X-AUTH-TOKEN", BOB_TOKEN);
            case 2 -> headers.put("X-AUTH-TOKEN", printable(random.nextInt(80)));
            default -> { }
        }
        switch (random.nextInt(5)) {
            case 0 -> headers.put("Authorization", basic(pick(USERS), pick(List.of("secret", "", pick(USERS)))));
            case 1 -> headers.put("Authorization", pick(List.of("Basic ", "Basic " + junk(10), "Bearer x",
                    "Basic " + Base64.getEncoder().encodeToString(printable(20).getBytes(StandardCharsets.UTF_8)))));
            default -> { }
        }
        if (random.nextBoolean()) {
            headers.put("Content-Type", pick(List.of("application/json", "application/x-www-form-urlencoded",
                    "text/plain", "multipart/form-data; boundary=x", printable(15))));
        }
        if (random.nextInt(10) == 0) {
            headers.put("X-" + junk(6), printable(random.nextInt(500)));
        }
        return headers;
    }

    private String body() {
        return switch (random.nextInt(12)) {
            case 0, 1 -> null;
            case 2 -> "";
            case 3 -> "{\"" + pick(POOLS) + "\":" + pick(List.of("1", "2", "0", "-5", "\"1\"", "1.5", "null",
                    "true", "[]", "{}", "99999999999999999999", "101")) + "}";
            case 4 -> "{\"lifetime\":" + pick(List.of("1", "12", "48", "49", "0", "-1", "\"24\"", "\"x\"", "[]",
                    "{}", "1e9", "null")) + "}";
            case 5 -> "{\"tags\":" + pick(List.of("{\"a\":\"b\"}", "{\"a\":1}", "[]", "\"t\"", "{\"" + junk(60)
                    + "\":\"v\"}", "{\"k\":\"" + printable(40).replace("\\", "").replace("\"", "") + "\"}",
                    "{\"k\":null}", "{\"k\":{\"n\":1}}")) + "}";
            case 6 -> "{".repeat(random.nextInt(40)) + "}".repeat(random.nextInt(40));
            case 7 -> "[".repeat(random.nextInt(10)) + "]".repeat(random.nextInt(10));
            case 8 -> printable(random.nextInt(300));
            case 9 -> "{\"" + pick(POOLS) + "\":\"" + "x".repeat(random.nextInt(60_000)) + "\"}";
            case 10 -> "{\"" + junk(8) + "\":" + random.nextLong() + ",\"" + junk(3) + "\":\"" + junk(5) + "\"}";
            default -> "{\"lifetime\":24,\"tags\":{\"owner\":\"fuzz\"},\"" + junk(4) + "\":1}";
        };
    }

    /** Everything a rejected request could have changed, read through the Store API. */
    private Map<String, Object> snapshot() {
        Map<String, Object> state = new TreeMap<>();
        for (String pool : POOLS) {
            for (VmState vmState : VmState.values()) {
                state.put("set " + pool + " " + vmState, new TreeSet<>(store.vms(pool, vmState)));
            }
        }
        for (String vm : store.allVmNames()) {
            state.put("vm " + vm, store.vm(vm).map(record -> new TreeMap<>(record.fields())).orElse(null));
        }
        for (String user : USERS) {
            for (TokenRecord token : store.tokensOf(user)) {
                // The last-use time records that a valid token was presented, even if the request then failed.
                Map<String, String> fields = new TreeMap<>(token.fields());
                fields.remove("last");
                state.put("token " + token.token(), fields);
            }
        }
        for (PoolOverride override : PoolOverride.values()) {
            state.put("override " + override, new TreeMap<>(store.overrides(override)));
        }
        for (VmTaskKind kind : VmTaskKind.values()) {
            state.put("tasks " + kind, store.queuedVmTasks(kind));
        }
        state.put("ondemand", store.newOndemandRequests().toString());
        return state;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    private <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    /** Random characters, URL-encoded so any of them can travel in a path segment. */
    private String junk(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append((char) (random.nextInt(10) == 0 ? random.nextInt(0x250) : 0x20 + random.nextInt(0x5f)));
        }
        return URLEncoder.encode(text.toString(), StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Printable ASCII, which HTTP header values may carry. */
    private String printable(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append((char) (0x21 + random.nextInt(0x5e)));
        }
        return text.toString();
    }

    private static String abbreviate(String body) {
        return body == null || body.length() <= 200 ? String.valueOf(body) : body.substring(0, 200) + "…";
    }
}
