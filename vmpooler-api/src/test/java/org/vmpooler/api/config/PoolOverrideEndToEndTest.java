package org.vmpooler.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.vmpooler.api.support.EndToEndTestBase;
import org.vmpooler.api.support.LogCapture;
import org.vmpooler.api.support.Response;
import org.vmpooler.api.support.TestConfig;
import org.vmpooler.domain.PoolFlag;
import org.vmpooler.domain.PoolOverride;
import org.vmpooler.domain.VmState;

/**
 * The experimental pool changes: recorded by the API, applied by the real manager (resize, drain and refill,
 * undo), refused without {@code experimental_features}, and never a 500 for aliases or bad JSON. Subclasses
 * choose the store.
 */
public abstract class PoolOverrideEndToEndTest extends EndToEndTestBase {

    private TestConfig pools() {
        return new TestConfig().pool("debian", 1, "example", List.of("linux"), null).loopDelay(FAST)
                .experimentalFeatures();
    }

    private Set<String> readyOnce(int size) {
        return eventually(() -> store.vms("debian", VmState.READY), vms -> vms.size() == size
                && store.count("debian", VmState.PENDING) == 0);
    }

    /** The pool was drained and refilled: {@code size} ready VMs, none of {@code before}. */
    private void replaced(Set<String> before, int size) {
        eventually(() -> store.vms("debian", VmState.READY),
                vms -> vms.size() == size && vms.stream().noneMatch(before::contains));
    }

    @Test
    void withoutExperimentalFeaturesEveryRouteIs405() {
        start(new TestConfig().pool("debian", 1));

        for (Response response : List.of(post("/api/v3/config/poolsize", "{\"debian\": 2}"),
                delete("/api/v3/config/poolsize/debian"),
                post("/api/v3/config/pooltemplate", "{\"debian\": \"templates/x\"}"),
                delete("/api/v3/config/pooltemplate/debian"),
                post("/api/v3/config/clonetarget", "{\"debian\": \"c2\"}"),
                post("/api/v3/poolreset", "{\"debian\": 1}"))) {
            assertThat(response.status()).isEqualTo(405);
            assertThat(response.body()).isEqualTo("{\n  \"ok\": false\n}");
        }
        assertThat(store.overrides(PoolOverride.SIZE)).isEmpty();
    }

    @Test
    void poolSizeOverrideResizesThePoolAndItsUndoShrinksItBack() {
        start(pools());
        startManager();
        readyOnce(1);

        assertThat(post("/api/v3/config/poolsize", "{\"debian\": 3}").status()).isEqualTo(201);
        readyOnce(3);
        assertThat(post("/api/v3/config/poolsize", "{\"debian\": \"3\"}").status()).as("no change").isEqualTo(200);
        assertThat(get("/api/v3/config").json().get("pool_configuration").get(0).get("size").asInt()).isEqualTo(3);

        Response undone = delete("/api/v3/config/poolsize/debian");
        assertThat(undone.status()).isEqualTo(201);
        assertThat(undone.body()).isEqualTo("""
                {
                  "ok": true,
                  "pool_size_before_reset": 3,
                  "pool_size_before_overrides": 1
                }""");
        readyOnce(1);
        assertThat(delete("/api/v3/config/poolsize/debian").status()).as("nothing to undo").isEqualTo(200);
    }

    @Test
    void templateOverrideRefillsThePoolAndItsUndoRestoresTheConfiguredOne() {
        start(pools());
        startManager();
        Set<String> first = readyOnce(1);

        assertThat(post("/api/v3/config/pooltemplate", "{\"debian\": \"templates/debian-12\"}").status())
                .isEqualTo(201);
        replaced(first, 1);
        assertThat(store.poolRuntime("debian").preparedTemplate()).contains("templates/debian-12");
        var pool = get("/api/v3/config").json().get("pool_configuration").get(0);
        assertThat(pool.get("template").asText()).isEqualTo("templates/debian-12");
        assertThat(pool.get("template_ready").asBoolean()).isTrue();
        Set<String> second = store.vms("debian", VmState.READY);

        Response undone = delete("/api/v3/config/pooltemplate/debian");
        assertThat(undone.status()).isEqualTo(201);
        assertThat(undone.json().get("template_before_reset").asText()).isEqualTo("templates/debian-12");
        assertThat(undone.json().get("template_before_overrides").asText()).isEqualTo("templates/debian");
        replaced(second, 1);
        eventually(() -> store.poolRuntime("debian").preparedTemplate(), t -> t.equals(Optional.of("templates/debian")));
    }

    @Test
    void poolResetAndCloneTargetChangeReplaceTheReadyVms() {
        start(pools());
        startManager();
        Set<String> first = readyOnce(1);

        Response reset = post("/api/v3/poolreset", "{\"debian\": true}");
        assertThat(reset.status()).isEqualTo(201);
        replaced(first, 1);
        Set<String> second = store.vms("debian", VmState.READY);

        assertThat(post("/api/v3/config/clonetarget", "{\"debian\": \"cluster-2\"}").status()).isEqualTo(201);
        replaced(second, 1);
        assertThat(post("/api/v3/config/clonetarget", "{\"debian\": \"cluster-2\"}").status()).isEqualTo(200);
    }

    @Test
    void aliasesUnknownPoolsAndBadBodiesAreClientErrors() {
        start(pools());

        Response alias = post("/api/v3/config/poolsize", "{\"linux\": 2, \"nosuch\": 1, \"debian\": -1}");
        assertThat(alias.status()).isEqualTo(400);
        assertThat(alias.json().get("not_configured").toString()).isEqualTo("[\"linux\",\"nosuch\",\"debian\"]");
        Response tooLarge = post("/api/v3/config/poolsize", "{\"debian\": 1000000}");
        assertThat(tooLarge.status()).isEqualTo(400);
        assertThat(tooLarge.json().get("error").asText())
                .isEqualTo("debian: the size must be a whole number from 0 to 10000, not 1000000");
        assertThat(post("/api/v3/config/poolsize", "{\"nosuch\": 1}").json().get("error").asText())
                .isEqualTo("nosuch: not a configured pool");
        assertThat(post("/api/v3/config/pooltemplate", "{\"linux\": \"templates/x\"}").json().get("bad_templates")
                .toString()).isEqualTo("[\"linux\"]");
        assertThat(post("/api/v3/config/pooltemplate", "{\"debian\": \"/abs/path\"}").status()).isEqualTo(400);
        assertThat(post("/api/v3/config/pooltemplate", "{\"debian\": \"noslash\"}").status()).isEqualTo(400);
        assertThat(post("/api/v3/config/clonetarget", "{\"linux\": \"c2\"}").status()).isEqualTo(400);
        assertThat(post("/api/v3/poolreset", "{\"linux\": 1}").json().get("bad_pools").toString())
                .isEqualTo("[\"linux\"]");
        assertThat(delete("/api/v3/config/poolsize/linux").status()).isEqualTo(404);
        assertThat(delete("/api/v3/config/pooltemplate/nosuch").status()).isEqualTo(404);
        for (String path : List.of("/api/v3/config/poolsize", "/api/v3/config/pooltemplate",
                "/api/v3/config/clonetarget", "/api/v3/poolreset")) {
            for (String body : List.of("{\"debian\": ", "", "null", "[\"debian\"]")) {
                Response refused = post(path, body);
                assertThat(refused.status()).as(path + " " + body).isEqualTo(400);
                assertThat(refused.json().get("ok").asBoolean()).isFalse();
            }
        }
        assertThat(store.overrides(PoolOverride.SIZE)).isEmpty();
        assertThat(store.poolRuntime("debian").flagged(PoolFlag.RESET)).isFalse();
    }

    @Test
    void withAuthAnAdministratorsTokenIsRequired() {
        start(pools().auth().admins("root"));
        token("tok-1", "jdoe");
        token("tok-2", "root");

        assertThat(post("/api/v3/config/poolsize", "{\"debian\": 2}").status()).isEqualTo(401);
        for (Response refused : List.of(
                send("POST", "/api/v3/config/poolsize", "{\"debian\": 100000}", Map.of("X-AUTH-TOKEN", "tok-1")),
                send("POST", "/api/v3/config/poolsize", "{\"debian\": 0}", Map.of("X-AUTH-TOKEN", "tok-1")),
                send("DELETE", "/api/v3/config/poolsize/debian", null, Map.of("X-AUTH-TOKEN", "tok-1")),
                send("POST", "/api/v3/config/pooltemplate", "{\"debian\": \"t/x\"}", Map.of("X-AUTH-TOKEN", "tok-1")),
                send("DELETE", "/api/v3/config/pooltemplate/debian", null, Map.of("X-AUTH-TOKEN", "tok-1")),
                send("POST", "/api/v3/config/clonetarget", "{\"debian\": \"c2\"}", Map.of("X-AUTH-TOKEN", "tok-1")),
                send("POST", "/api/v3/poolreset", "{\"debian\": 1}", Map.of("X-AUTH-TOKEN", "tok-1")))) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
            assertThat(refused.json().get("error").asText()).contains("administrators");
        }
        assertThat(store.overrides(PoolOverride.SIZE)).isEmpty();
        assertThat(store.overrides(PoolOverride.TEMPLATE)).isEmpty();
        assertThat(store.poolRuntime("debian").flagged(PoolFlag.RESET)).isFalse();

        assertThat(send("POST", "/api/v3/config/poolsize", "{\"debian\": 2}", Map.of("X-AUTH-TOKEN", "tok-2"))
                .status()).isEqualTo(201);
        assertThat(store.poolRuntime("debian").override(PoolOverride.SIZE)).contains("2");
    }

    @Test
    void withoutAuthTheRoutesStayOpenAndTheServerWarnsAtStart() {
        try (LogCapture logs = new LogCapture()) {
            start(pools());

            assertThat(logs.lines()).anySatisfy(line -> assertThat(line)
                    .startsWith("experimental_features is on without :auth:"));
        }
        assertThat(post("/api/v3/config/poolsize", "{\"debian\": 2}").status()).isEqualTo(201);
    }

    @Test
    void anyValidTokenIsEnoughWhenConfiguredSoAsInTheReference() {
        start(pools().auth().adminAccessForAnyToken());
        token("tok-1", "jdoe");

        assertThat(post("/api/v3/config/poolsize", "{\"debian\": 2}").status()).isEqualTo(401);
        assertThat(send("POST", "/api/v3/config/poolsize", "{\"debian\": 2}", Map.of("X-AUTH-TOKEN", "tok-1"))
                .status()).isEqualTo(201);
        assertThat(store.poolRuntime("debian").override(PoolOverride.SIZE)).contains("2");
    }
}
