package org.vmpooler.api.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.vmpooler.api.support.ApiTestBase;
import org.vmpooler.api.support.Response;
import org.vmpooler.api.support.TestConfig;
import org.vmpooler.domain.VmRecord;
import org.vmpooler.domain.VmState;

/** {@code GET /api/v3/vm} and both checkout forms, as floaty and scripts use them. */
public abstract class CheckoutHttpTest extends ApiTestBase {

    private TestConfig twoPools() {
        return new TestConfig().dns("other", "other.net")
                .pool("debian-7-i386", 2, "example", null, null)
                .pool("debian-7-x86_64", 2, "other", List.of("debian-7-64", "debian"), null);
    }

    @Test
    void listsPoolNamesInConfigOrderWithoutAliases() {
        start(twoPools());

        Response response = get("/api/v3/vm");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("[\n  \"debian-7-i386\",\n  \"debian-7-x86_64\"\n]");
    }

    @Test
    void oneVmAsFloatySendsItGivesAnFqdnString() {
        start(twoPools());
        ready("debian-7-i386", "poolvm-witty-lemur");

        Response response = send("POST", "/api/v3/vm/debian-7-i386", "",
                Map.of("Content-Type", "application/x-www-form-urlencoded"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("""
                {
                  "ok": true,
                  "debian-7-i386": {
                    "hostname": "poolvm-witty-lemur.example.com"
                  }
                }""");
        assertThat(store.vms("debian-7-i386", VmState.RUNNING)).containsExactly("poolvm-witty-lemur");
        assertThat(store.vms("debian-7-i386", VmState.MIGRATING)).containsExactly("poolvm-witty-lemur");
        assertThat(store.vm("poolvm-witty-lemur").flatMap(v -> v.field(VmRecord.Field.CHECKOUT))).isPresent();
        assertThat(metrics.increments()).contains("http_requests_vm_total.post.vm.template",
                "checkout.success.debian-7-i386");
    }

    @Test
    void repeatedTemplatesGiveArraysAndAliasKeysAsRequested() {
        start(twoPools());
        ready("debian-7-x86_64", "vm-a");
        ready("debian-7-x86_64", "vm-b");
        ready("debian-7-i386", "vm-c");

        Response response = post("/api/v3/vm/debian-7-64+debian-7-64+debian-7-i386");

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("ok").asBoolean()).isTrue();
        assertThat(body.get("debian-7-64").get("hostname").isArray()).isTrue();
        assertThat(body.get("debian-7-64").get("hostname")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("vm-a.other.net", "vm-b.other.net");
        assertThat(body.get("debian-7-i386").get("hostname").asText()).isEqualTo("vm-c.example.com");
        assertThat(body.fieldNames()).toIterable().containsExactly("ok", "debian-7-64", "debian-7-i386");
    }

    @Test
    void aliasServedByAnyOfItsPoolsGetsThatPoolsDomain() {
        start(new TestConfig().dns("other", "other.net")
                .pool("a", 1, "example", "shared", null)
                .pool("b", 1, "other", List.of("shared"), null));
        ready("b", "vm-b");

        Response response = post("/api/v3/vm/shared");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("shared").get("hostname").asText()).isEqualTo("vm-b.other.net");
    }

    @Test
    void backendWeightsDecideWhichPoolServesAnAlias() {
        start(new TestConfig()
                .pool("pool1", 5, "example", List.of("pool2"), "compute1")
                .pool("pool3", 5, "example", List.of("pool2"), "compute2")
                .backendWeight("compute1", 5).backendWeight("compute2", 0));
        for (int i = 0; i < 5; i++) {
            ready("pool1", "one-" + i);
            ready("pool3", "three-" + i);
        }

        Response response = post("/api/v3/vm/pool2+pool2+pool2+pool2+pool2+pool2");

        assertThat(response.status()).isEqualTo(200);
        assertThat(store.vms("pool1", VmState.RUNNING)).hasSize(5);
        assertThat(store.vms("pool3", VmState.RUNNING)).hasSize(1);
        assertThat(response.json().get("pool2").get("hostname")).hasSize(6);
    }

    @Test
    void anEmptyPoolFailsTheWholeRequestAndGivesEverythingBack() {
        start(twoPools());
        ready("debian-7-i386", "vm-c");

        Response response = post("/api/v3/vm/debian-7-i386+debian-7-x86_64");

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.body()).isEqualTo("{\n  \"ok\": false\n}");
        assertThat(store.vms("debian-7-i386", VmState.READY)).containsExactly("vm-c");
        assertThat(store.vms("debian-7-i386", VmState.RUNNING)).isEmpty();
        assertThat(metrics.increments()).contains("checkout.empty.debian-7-x86_64")
                .doesNotContain("checkout.success.debian-7-i386");
    }

    @Test
    void unknownTemplateIs404AndTakesNothing() {
        start(twoPools());
        ready("debian-7-i386", "vm-c");

        Response response = post("/api/v3/vm/debian-7-i386+nosuchpool");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("ok").asBoolean()).isFalse();
        assertThat(store.vms("debian-7-i386", VmState.READY)).containsExactly("vm-c");
        assertThat(metrics.increments()).contains("checkout.invalid.nosuchpool");
    }

    @Test
    void noContentTypeAndNoBodyAsGoVmpoolerSendsIsAccepted() {
        start(twoPools());
        ready("debian-7-i386", "vm-c");

        Response response = send("POST", "/api/v3/vm/debian-7-i386", null, Map.of());

        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void jsonBodyFormWithCountsAsNumbersOrStrings() {
        start(twoPools());
        ready("debian-7-i386", "vm-1");
        ready("debian-7-i386", "vm-2");
        ready("debian-7-x86_64", "vm-3");

        Response response = post("/api/v3/vm", "{\"debian-7-i386\": \"2\", \"debian\": 1}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("debian-7-i386").get("hostname")).hasSize(2);
        assertThat(response.json().get("debian").get("hostname").asText()).isEqualTo("vm-3.other.net");
        assertThat(metrics.increments()).contains("http_requests_vm_total.post.vm.checkout");
    }

    @Test
    void jsonBodyFormAcceptsPoolNamesWithDots() {
        start(new TestConfig().pool("centos-7.2", 1));
        ready("centos-7.2", "vm-1");

        assertThat(post("/api/v3/vm", "{\"centos-7.2\": 1}").status()).isEqualTo(200);
    }

    @Test
    void jsonBodyFormRejectsBadInputWithNamedErrors() {
        start(twoPools());

        assertError(post("/api/v3/vm", "{\"debian-7-i386\": "), "Invalid JSON: ");
        assertError(post("/api/v3/vm", "[1]"), "Request body must be a JSON object");
        assertError(post("/api/v3/vm", "{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{}}}}}}"), "Request body too complex");
        assertError(post("/api/v3/vm", "{\"x\": \"" + "y".repeat(10_300) + "\"}"), "Request body too large");
        assertError(post("/api/v3/vm", "{\"bad name!\": 1}"), "Invalid pool name format");
        assertError(post("/api/v3/vm", "{\"debian-7-i386\": null}"), "VM count is required");
        assertError(post("/api/v3/vm", "{\"debian-7-i386\": \"two\"}"), "VM count must be a valid integer");
        assertError(post("/api/v3/vm", "{\"debian-7-i386\": 1.5}"), "VM count must be a valid integer");
        assertError(post("/api/v3/vm", "{\"debian-7-i386\": 0}"), "VM count must be at least 1");
        assertError(post("/api/v3/vm", "{\"debian-7-i386\": 101}"), "VM count must be at most 100");
    }

    @Test
    void hugeBodiesAreRefusedWithoutBeingRead() {
        start(twoPools());

        assertError(post("/api/v3/vm", "{\"x\": \"" + "y".repeat(200_000) + "\"}"), "Request body too large");
    }

    @Test
    void emptyJsonBodyIs404() {
        start(twoPools());

        assertThat(post("/api/v3/vm", "").status()).isEqualTo(404);
        assertThat(post("/api/v3/vm", "{}").status()).isEqualTo(404);
        assertThat(metrics.increments()).contains("checkout.invalid.unknown");
    }

    @Test
    void unknownTokenIs401WithBasicChallengeWhenAuthIsConfigured() {
        start(twoPools().auth());
        ready("debian-7-i386", "vm-c");

        Response response = send("POST", "/api/v3/vm/debian-7-i386", "", Map.of("X-Auth-Token", "badtoken"));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).contains("Basic realm=\"Authentication required\"");
        assertThat(response.json().get("ok").asBoolean()).isFalse();
        assertThat(store.vms("debian-7-i386", VmState.READY)).containsExactly("vm-c");
    }

    @Test
    void validTokenRecordsOwnerAndAuthenticatedLifetime() {
        start(twoPools().auth().vmLifetimeAuth(2));
        ready("debian-7-i386", "vm-c");
        token("abcdefghijklmnopqrstuvwxyz012345", "alice");

        Response response = send("POST", "/api/v3/vm/debian-7-i386", "",
                Map.of("x-auth-token", "abcdefghijklmnopqrstuvwxyz012345"));

        assertThat(response.status()).isEqualTo(200);
        VmRecord vm = store.vm("vm-c").orElseThrow();
        assertThat(vm.token()).contains("abcdefghijklmnopqrstuvwxyz012345");
        assertThat(vm.tokenUser()).contains("alice");
        assertThat(vm.lifetimeHours()).hasValue(2);
        assertThat(store.token("abcdefghijklmnopqrstuvwxyz012345").orElseThrow().last()).isPresent();
    }

    @Test
    void anonymousCheckoutUnderAuthGetsNoOwnerAndNoLifetime() {
        start(twoPools().auth().vmLifetimeAuth(2));
        ready("debian-7-i386", "vm-c");

        assertThat(post("/api/v3/vm/debian-7-i386").status()).isEqualTo(200);

        VmRecord vm = store.vm("vm-c").orElseThrow();
        assertThat(vm.token()).isEmpty();
        assertThat(vm.lifetimeHours()).isEmpty();
    }

    @Test
    void tokensAreIgnoredWithoutAuth() {
        start(twoPools().vmLifetimeAuth(2));
        ready("debian-7-i386", "vm-c");

        Response response = send("POST", "/api/v3/vm/debian-7-i386", "", Map.of("X-AUTH-TOKEN", "whatever"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(store.vm("vm-c").orElseThrow().token()).isEmpty();
    }

    @Test
    void usageStatsCountAllocationsPerUser() {
        start(twoPools().auth().usageStats());
        ready("debian-7-i386", "vm-c");
        token("tok", "jane.doe");

        send("POST", "/api/v3/vm/debian-7-i386", "", Map.of("X-AUTH-TOKEN", "tok"));

        assertThat(metrics.increments()).contains("user.jane_doe.allocate.debian-7-i386");
    }

    private static void assertError(Response response, String messageStart) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().get("ok").asBoolean()).isFalse();
        assertThat(response.json().get("error").asText()).startsWith(messageStart);
    }
}
