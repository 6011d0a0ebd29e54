package org.vmpooler.api.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.vmpooler.api.support.ApiTestBase;
import org.vmpooler.api.support.ObservedStore;
import org.vmpooler.api.support.Response;
import org.vmpooler.api.support.TestConfig;
import org.vmpooler.domain.DailyStat;
import org.vmpooler.domain.NewVm;
import org.vmpooler.domain.RubyTime;
import org.vmpooler.domain.VmState;
import org.vmpooler.store.Store;

/** {@code GET}, {@code PUT} and {@code DELETE /api/v3/vm/<hostname>}. */
public abstract class VmHostnameHttpTest extends ApiTestBase {
    private static final Map<String, String> FORM = Map.of("Content-Type", "application/x-www-form-urlencoded");
    private static final String TOKEN = "abcdefghijklmnopqrstuvwxyz012345";

    private void checkedOut(String vm, String token) {
        ready("pool1", vm);
        Response response = token == null ? post("/api/v3/vm/pool1")
                : send("POST", "/api/v3/vm/pool1", "", Map.of("X-AUTH-TOKEN", token));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    @Test
    void readyVmByShortNameOrFqdnIsKeyedByShortName() {
        start(new TestConfig().pool("pool1", 1));
        ready("pool1", "vm-1");

        for (String asked : new String[] {"vm-1", "vm-1.example.com"}) {
            Response response = get("/api/v3/vm/" + asked);

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("""
                    {
                      "ok": true,
                      "vm-1": {
                        "template": "pool1",
                        "lifetime": 24,
                        "state": "ready",
                        "ip": "",
                        "fqdn": "vm-1.example.com"
                      }
                    }""");
        }
    }

    @Test
    void runningVmShowsTimesFromItsEffectiveLifetime() {
        start(new TestConfig().pool("pool1", 1));
        checkedOut("vm-1", null);
        clock.advance(Duration.ofMinutes(90));

        JsonNode vm = get("/api/v3/vm/vm-1").json().get("vm-1");

        assertThat(vm.fieldNames()).toIterable().containsExactly("template", "lifetime", "running", "remaining",
                "start_time", "end_time", "state", "ip", "fqdn");
        assertThat(vm.get("lifetime").asInt()).isEqualTo(24);
        assertThat(vm.get("running").asDouble()).isEqualTo(1.5);
        assertThat(vm.get("remaining").asDouble()).isEqualTo(22.5);
        assertThat(vm.get("start_time").asText()).isEqualTo("2026-03-19T12:00:00+00:00");
        assertThat(vm.get("end_time").asText()).isEqualTo("2026-03-20T12:00:00+00:00");
        assertThat(vm.get("state").asText()).isEqualTo("running");
    }

    @Test
    void destroyedVmShowsItsFrozenRunningTime() {
        start(new TestConfig().pool("pool1", 1));
        checkedOut("vm-1", null);
        clock.advance(Duration.ofMinutes(30));
        assertThat(delete("/api/v3/vm/vm-1").status()).isEqualTo(200);
        store.markDestroying("pool1", List.of("vm-1"), clock.instant(), Duration.ofHours(1));
        clock.advance(Duration.ofMinutes(30));

        JsonNode vm = get("/api/v3/vm/vm-1").json().get("vm-1");

        assertThat(vm.get("state").asText()).isEqualTo("destroyed");
        assertThat(vm.get("running").asDouble()).isEqualTo(0.5);
        assertThat(vm.has("remaining")).isFalse();
    }

    @Test
    void pendingVmIsPending() {
        start(new TestConfig().pool("pool1", 1));
        store.reservePendingVm(NewVm.forPool("vm-1", "pool1", "example.com", clock.instant()));

        assertThat(get("/api/v3/vm/vm-1").json().get("vm-1").get("state").asText()).isEqualTo("pending");
    }

    @Test
    void tagsAreShownAfterPut() {
        start(new TestConfig().pool("pool1", 1));
        checkedOut("vm-1", null);

        Response put = put("/api/v3/vm/vm-1", "{\"tags\":{\"project\":\"p2\"}}", FORM);

        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.body()).isEqualTo("{\n  \"ok\": true\n}");
        JsonNode vm = get("/api/v3/vm/vm-1").json().get("vm-1");
        assertThat(vm.get("tags").get("project").asText()).isEqualTo("p2");
        assertThat(store.dailyStats(DailyStat.TAG, RubyTime.day(clock.instant(), clock.getZone())))
                .containsEntry("vm-1:project", "p2");
    }

    @Test
    void unknownAndInvalidHostnames() {
        start(new TestConfig().pool("pool1", 1));

        assertThat(get("/api/v3/vm/nosuchhost").status()).isEqualTo(404);
        Response invalid = get("/api/v3/vm/bad!host");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().get("error").asText()).isEqualTo("Invalid hostname format");
        assertThat(put("/api/v3/vm/nosuchhost", "{}", FORM).status()).isEqualTo(404);
        assertThat(delete("/api/v3/vm/nosuchhost").status()).isEqualTo(404);
    }

    @Test
    void hostnamesMayContainUnderscores() {
        start(new TestConfig().pool("pool1", 1));
        ready("pool1", "ci_vm-1");

        assertThat(get("/api/v3/vm/ci_vm-1").status()).isEqualTo(200);
    }

    @Test
    void lifetimeIsSetWithoutLimitWhenNoneIsConfigured() {
        start(new TestConfig().pool("pool1", 1));
        checkedOut("vm-1", null);

        Response response = put("/api/v3/vm/vm-1.example.com", "{\"lifetime\": 20000}", Map.of());

        assertThat(response.status()).isEqualTo(200);
        assertThat(store.vm("vm-1").orElseThrow().lifetimeHours()).hasValue(20000);
    }

    @Test
    void lifetimeLimitAllowsTheLimitAndRejectsMore() {
        start(new TestConfig().pool("pool1", 1).maxLifetime(168));
        checkedOut("vm-1", null);

        assertThat(put("/api/v3/vm/vm-1", "{\"lifetime\": 168}", FORM).status()).isEqualTo(200);
        Response over = put("/api/v3/vm/vm-1", "{\"lifetime\": 200}", FORM);
        assertThat(over.status()).isEqualTo(400);
        assertThat(over.json().get("failure").get(0).asText())
                .isEqualTo("You provided a lifetime (200) that exceeds the configured maximum of 168.");
        assertThat(store.vm("vm-1").orElseThrow().lifetimeHours()).hasValue(168);
    }

    @Test
    void everyInvalidMemberIsReportedAndNothingIsApplied() {
        start(new TestConfig().pool("pool1", 1));
        checkedOut("vm-1", null);

        Response response = put("/api/v3/vm/vm-1",
                "{\"lifetime\": 0, \"disk\": 8, \"tags\": {\"bad key!\": \"x\", \"ok\": 5}}", FORM);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("failure")).extracting(JsonNode::asText).containsExactly(
                "Lifetime must be a positive integer (got 0)", "Unknown argument disk.", "Invalid tag key format",
                "Tag value for ok must be a string");
        assertThat(store.vm("vm-1").orElseThrow().tags()).isEmpty();
    }

    @Test
    void tagsThatAreNotAnObjectAreA400NotACrash() {
        start(new TestConfig().pool("pool1", 1));
        checkedOut("vm-1", null);

        Response response = put("/api/v3/vm/vm-1", "{\"tags\": [\"a\"]}", FORM);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("failure").get(0).asText())
                .isEqualTo("You provided tags ([\"a\"]) as something other than a hash.");
    }

    @Test
    void allowedTagsAndTagFiltersApply() {
        start(new TestConfig().pool("pool1", 1).allowedTags("url", "project").tagFilter("url", "(.*)\\/"));
        checkedOut("vm-1", null);

        Response refused = put("/api/v3/vm/vm-1", "{\"tags\": {\"notallowed\": \"x\"}}", FORM);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("failure").get(0).asText()).startsWith("You provided unsupported tags");

        assertThat(put("/api/v3/vm/vm-1", "{\"tags\": {\"url\": \"foo.com/something.html\"}}", FORM).status())
                .isEqualTo(200);
        assertThat(store.vm("vm-1").orElseThrow().tags()).containsEntry("url", "foo.com");
    }

    @Test
    void malformedBodyIs400() {
        start(new TestConfig().pool("pool1", 1));
        checkedOut("vm-1", null);

        Response response = put("/api/v3/vm/vm-1", "lifetime=2", FORM);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("error").asText()).startsWith("Invalid JSON");
    }

    @Test
    void lifetimeNeedsAValidTokenUnderAuth() {
        start(new TestConfig().pool("pool1", 1).auth());
        token(TOKEN, "alice");
        checkedOut("vm-1", TOKEN);

        Response anonymous = put("/api/v3/vm/vm-1", "{\"lifetime\": 2}", FORM);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).isPresent();
        assertThat(put("/api/v3/vm/vm-1", "{\"tags\": {\"a\": \"b\"}}", FORM).status()).isEqualTo(200);
        assertThat(put("/api/v3/vm/vm-1", "{\"lifetime\": 2}",
                Map.of("X-Auth-Token", TOKEN, "Content-Type", "application/x-www-form-urlencoded")).status())
                .isEqualTo(200);
        assertThat(store.vm("vm-1").orElseThrow().lifetimeHours()).hasValue(2);
    }

    @Test
    void deleteQueuesARunningVmForDestructionAndIsIdempotent() {
        start(new TestConfig().pool("pool1", 1));
        checkedOut("vm-1", null);

        Response first = delete("/api/v3/vm/vm-1.example.com");

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("{\n  \"ok\": true\n}");
        assertThat(store.vms("pool1", VmState.COMPLETED)).containsExactly("vm-1");
        assertThat(store.vms("pool1", VmState.RUNNING)).isEmpty();
        assertThat(delete("/api/v3/vm/vm-1").status()).isEqualTo(200);
        assertThat(metrics.increments()).containsOnlyOnce("delete.success");
    }

    @Test
    void anAnonymousGiveBackOfAVmNoTokenOwnsIsOneStoreOperation() {
        List<String> calls = new CopyOnWriteArrayList<>();
        start(new TestConfig().pool("pool1", 1), new Random(42), s -> ObservedStore.of(s, calls::add));
        checkedOut("vm-1", null);
        calls.clear();

        assertThat(delete("/api/v3/vm/vm-1").status()).isEqualTo(200);

        // The dashboard's sampler reads status snapshots in the background, whatever the requests do.
        assertThat(calls).filteredOn(call -> !call.equals("statusSnapshot")).containsExactly("giveBackUntokened");
        assertThat(store.vms("pool1", VmState.COMPLETED)).containsExactly("vm-1");
        assertThat(metrics.increments()).containsOnlyOnce("delete.success");
    }

    @Test
    void anAnonymousGiveBackOfAVmATokenOwnsIsRefusedAfterOneStoreOperation() {
        List<String> calls = new CopyOnWriteArrayList<>();
        start(new TestConfig().pool("pool1", 1).auth(), new Random(42), s -> ObservedStore.of(s, calls::add));
        token(TOKEN, "alice");
        checkedOut("vm-1", TOKEN);
        calls.clear();

        Response refused = delete("/api/v3/vm/vm-1");

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().path("ok").asBoolean(true)).isFalse();
        assertThat(calls).filteredOn(call -> !call.equals("statusSnapshot")).containsExactly("giveBackUntokened");
        assertThat(store.vms("pool1", VmState.RUNNING)).containsExactly("vm-1");
    }

    @Test
    void deleteOfAVmNobodyCheckedOutIs404AndChangesNothing() {
        start(new TestConfig().pool("pool1", 1));
        ready("pool1", "vm-1");

        assertThat(delete("/api/v3/vm/vm-1").status()).isEqualTo(404);
        assertThat(store.vms("pool1", VmState.READY)).containsExactly("vm-1");
        assertThat(metrics.increments()).contains("delete.failed");
    }

    @Test
    void deleteOfATokenOwnedVmNeedsAValidToken() {
        start(new TestConfig().pool("pool1", 1).auth());
        token(TOKEN, "alice");
        token("othertoken", "bob");
        checkedOut("vm-1", TOKEN);

        assertThat(delete("/api/v3/vm/vm-1").status()).isEqualTo(401);
        assertThat(send("DELETE", "/api/v3/vm/vm-1", null, Map.of("X-AUTH-TOKEN", "badtoken")).status())
                .isEqualTo(401);
        assertThat(store.vms("pool1", VmState.RUNNING)).containsExactly("vm-1");
        assertThat(send("DELETE", "/api/v3/vm/vm-1", null, Map.of("X-AUTH-TOKEN", "othertoken")).status())
                .isEqualTo(200);
    }

    @Test
    void ownershipEnforcementKeepsOtherTokensAway() {
        start(new TestConfig().pool("pool1", 1).auth().ownershipEnforced());
        token(TOKEN, "alice");
        token("othertoken", "bob");
        checkedOut("vm-1", TOKEN);

        Response foreign = send("DELETE", "/api/v3/vm/vm-1", null, Map.of("X-AUTH-TOKEN", "othertoken"));
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.json().get("ok").asBoolean()).isFalse();
        assertThat(put("/api/v3/vm/vm-1", "{\"tags\": {\"a\": \"b\"}}", Map.of("X-AUTH-TOKEN", "othertoken"))
                .status()).isEqualTo(403);
        assertThat(send("DELETE", "/api/v3/vm/vm-1", null, Map.of("X-AUTH-TOKEN", TOKEN)).status()).isEqualTo(200);
    }

    @Test
    void anonymousVmsMayBeDeletedByAnyone() {
        start(new TestConfig().pool("pool1", 1).auth());
        checkedOut("vm-1", null);

        assertThat(delete("/api/v3/vm/vm-1").status()).isEqualTo(200);
    }
}
