package org.vmpooler.api.ondemand;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.vmpooler.api.support.EndToEndTestBase;
import org.vmpooler.api.support.Response;
import org.vmpooler.api.support.TestConfig;
import org.vmpooler.domain.VmRecord;
import org.vmpooler.domain.VmState;

/**
 * On-demand requests through HTTP with the real manager provisioning them: floaty's create-and-poll contract,
 * the reference's codes and bodies, deletion, expiry and alias choice. Subclasses choose the store.
 */
public abstract class OndemandEndToEndTest extends EndToEndTestBase {
    private static final Map<String, String> FORM = Map.of("Content-Type", "application/x-www-form-urlencoded");

    private TestConfig pools() {
        return new TestConfig().pool("debian", 0, "example", List.of("linux"), null)
                .pool("centos", 0, "example", null, null).loopDelay(FAST);
    }

    private Response poll(String id) {
        return eventually(() -> get("/api/v3/ondemandvm/" + id), r -> r.status() != 202);
    }

    private List<String> hostnames(JsonNode body, String name) {
        List<String> hosts = new ArrayList<>();
        body.path(name).path("hostname").forEach(h -> hosts.add(h.asText()));
        return hosts;
    }

    private static String shortName(String fqdn) {
        return fqdn.substring(0, fqdn.indexOf('.'));
    }

    @Test
    void floatyCreatesFromThePathPollsAndGetsRunningVms() {
        start(pools());
        startManager();

        Response created = post("/api/v3/ondemandvm/debian+centos+centos");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("ok").asBoolean()).isTrue();
        String id = created.json().get("request_id").asText();
        assertThat(id).matches("[0-9a-f-]{36}");

        Response done = poll(id);
        assertThat(done.status()).isEqualTo(200);
        JsonNode body = done.json();
        assertThat(body.get("ok").asBoolean()).isTrue();
        assertThat(body.get("request_id").asText()).isEqualTo(id);
        assertThat(body.get("ready").asBoolean()).isTrue();
        assertThat(hostnames(body, "debian")).hasSize(1).allMatch(h -> h.matches("poolvm-[a-z]+-[a-z]+-[0-9a-z]{5}\\.example\\.com"));
        assertThat(hostnames(body, "centos")).hasSize(2);
        for (String host : hostnames(body, "centos")) {
            assertThat(store.vms("centos", VmState.RUNNING)).contains(shortName(host));
            assertThat(store.vm(shortName(host)).flatMap(r -> r.checkedOutAt(clock.getZone()))).isPresent();
        }
        assertThat(metrics.increments()).contains("http_requests_vm_total.post.ondemand.template",
                "http_requests_vm_total.get.ondemand.request", "ondemandrequest_generate.success");
    }

    @Test
    void inProgressRequestAnswers202WithStringCountsPerName() {
        start(pools());
        Response created = post("/api/v3/ondemandvm", "{\"linux\": 2, \"request_id\": \"build-42\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("request_id").asText()).isEqualTo("build-42");

        Response pending = get("/api/v3/ondemandvm/build-42");
        assertThat(pending.status()).isEqualTo(202);
        assertThat(pending.body()).isEqualTo("""
                {
                  "ok": true,
                  "request_id": "build-42",
                  "ready": false,
                  "linux": {
                    "ready": "0",
                    "pending": "2"
                  }
                }""");

        startManager();
        Response done = poll("build-42");
        assertThat(done.status()).isEqualTo(200);
        assertThat(hostnames(done.json(), "linux")).hasSize(2)
                .allMatch(h -> store.vms("debian", VmState.RUNNING).contains(shortName(h)));
    }

    @Test
    void duplicateRequestIdIsAConflict() {
        start(pools());
        assertThat(post("/api/v3/ondemandvm", "{\"debian\": 1, \"request_id\": \"same\"}").status()).isEqualTo(201);

        Response again = post("/api/v3/ondemandvm", "{\"centos\": 1, \"request_id\": \"same\"}");

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).isEqualTo("""
                {
                  "ok": false,
                  "request_id": "same",
                  "message": "request_id 'same' has already been created"
                }""");
        assertThat(metrics.increments()).contains("ondemandrequest_generate.duplicaterequests");
    }

    @Test
    void badRequestsAreRefusedWithTheirReason() {
        start(pools().maxOndemandPerRequest(3));

        Response unknown = post("/api/v3/ondemandvm", "{\"debian\": 1, \"nosuch\": 1, \"other\": 2}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("bad_templates").toString()).isEqualTo("[\"nosuch\",\"other\"]");
        assertThat(post("/api/v3/ondemandvm/debian+nosuch").status()).isEqualTo(404);

        Response tooMany = post("/api/v3/ondemandvm", "{\"debian\": 4}");
        assertThat(tooMany.status()).isEqualTo(403);
        assertThat(tooMany.json().get("message").asText())
                .isEqualTo("requested amount of instances exceeds the maximum 3");
        assertThat(post("/api/v3/ondemandvm/centos+centos+centos+centos").status()).isEqualTo(403);
        assertThat(post("/api/v3/ondemandvm", "{\"debian\": 99999999999}").status()).isEqualTo(403);

        Response malformed = post("/api/v3/ondemandvm", "{\"debian\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("message").asText()).isEqualTo("JSON payload could not be parsed");
        assertThat(post("/api/v3/ondemandvm", "[1, 2]").status()).isEqualTo(400);
        assertThat(post("/api/v3/ondemandvm", "").status()).isEqualTo(400);
        assertThat(post("/api/v3/ondemandvm", "{\"debian\": 0}").status()).isEqualTo(400);
        assertThat(post("/api/v3/ondemandvm", "{\"debian\": \"two\"}").status()).isEqualTo(400);
        assertThat(post("/api/v3/ondemandvm", "{\"debian\": 1, \"request_id\": \"a:b\"}").status()).isEqualTo(400);

        assertThat(store.newOndemandRequests()).isEmpty();
        assertThat(metrics.increments()).contains("ondemandrequest_fail.invalid.nosuch",
                "ondemandrequest_fail.toomanyrequests.debian");
    }

    @Test
    void unknownRequestIs404WithMessage() {
        start(pools());

        Response missing = get("/api/v3/ondemandvm/nope");

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("message").asText()).isEqualTo("no request found for request_id 'nope'");
        assertThat(delete("/api/v3/ondemandvm/nope").status()).isEqualTo(404);
    }

    @Test
    void deletingAReadyRequestGivesItsVmsBackToBeDestroyed() {
        start(pools());
        startManager();
        String id = post("/api/v3/ondemandvm/debian+debian").json().get("request_id").asText();
        List<String> vms = hostnames(poll(id).json(), "debian").stream().map(OndemandEndToEndTest::shortName).toList();
        assertThat(vms).hasSize(2);

        Response deleted = delete("/api/v3/ondemandvm/" + id);

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().get("ok").asBoolean()).isTrue();
        Response status = get("/api/v3/ondemandvm/" + id);
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().get("ready").asBoolean()).isFalse();
        assertThat(status.json().get("message").asText()).isEqualTo("The request has been deleted");
        Response again = delete("/api/v3/ondemandvm/" + id);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("message").asText()).isEqualTo("the request has already been deleted");
        eventually(() -> store.vms("debian", VmState.RUNNING).size() + store.vms("debian", VmState.COMPLETED).size(),
                n -> n == 0);
        for (String vm : vms) {
            assertThat(store.vm(vm).flatMap(r -> r.field(VmRecord.Field.DESTROY))).isPresent();
        }
    }

    @Test
    void requestNotFilledWithinItsTtlFails() {
        start(pools().ondemandRequestTtl(Duration.ofMinutes(5)));
        String id = post("/api/v3/ondemandvm/debian").json().get("request_id").asText();
        clock.advance(Duration.ofMinutes(6));

        startManager();
        Response failed = poll(id);

        assertThat(failed.status()).isEqualTo(200);
        assertThat(failed.json().get("ready").asBoolean()).isFalse();
        assertThat(failed.json().get("message").asText()).startsWith("The request failed");
        assertThat(store.vms("debian", VmState.RUNNING)).isEmpty();
    }

    @Test
    void withAuthATokenIsRequiredAndTheVmsCarryIt() {
        start(pools().auth());
        token("tok-1", "jdoe");
        startManager();

        assertThat(post("/api/v3/ondemandvm/debian").status()).isEqualTo(401);
        Response created = send("POST", "/api/v3/ondemandvm/debian", "", Map.of("X-AUTH-TOKEN", "tok-1"));
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("request_id").asText();
        String vm = shortName(hostnames(poll(id).json(), "debian").getFirst());

        assertThat(store.vm(vm).flatMap(VmRecord::token)).contains("tok-1");
        assertThat(delete("/api/v3/ondemandvm/" + id).status()).isEqualTo(401);
        assertThat(send("DELETE", "/api/v3/ondemandvm/" + id, null, Map.of("X-AUTH-TOKEN", "tok-1")).status())
                .isEqualTo(200);
    }

    @Test
    void aliasIsResolvedByBackendWeight() {
        start(new TestConfig().pool("debian-a", 0, "example", List.of("linux"), "cluster-a")
                .pool("debian-b", 0, "example", List.of("linux"), "cluster-b")
                .backendWeight("cluster-a", 0).backendWeight("cluster-b", 5).loopDelay(FAST));
        startManager();

        String id = send("POST", "/api/v3/ondemandvm", "{\"linux\": 3}", FORM).json().get("request_id").asText();
        List<String> hosts = hostnames(poll(id).json(), "linux");

        assertThat(hosts).hasSize(3);
        assertThat(store.vms("debian-b", VmState.RUNNING)).hasSize(3);
        assertThat(store.vms("debian-a", VmState.RUNNING)).isEmpty();
    }

    @Test
    void clonesThatKeepFailingFailTheRequestAfterTheRetries() {
        start(pools().dummySetting("createvm_fail_percent", 100));
        startManager();

        String id = post("/api/v3/ondemandvm/debian").json().get("request_id").asText();
        Response failed = poll(id);

        assertThat(failed.status()).isEqualTo(200);
        assertThat(failed.json().get("ready").asBoolean()).isFalse();
        assertThat(failed.json().get("message").asText()).isEqualTo("The request failed: Max retry attempts exceeded");
        assertThat(store.vms("debian", VmState.RUNNING)).isEmpty();
    }

    @Test
    void vmsFinishingAfterTheRequestWasDeletedAreDestroyedAndItStaysDeleted() {
        start(pools().dummySetting("createvm_max_time", 1));
        startManager();
        String id = post("/api/v3/ondemandvm/centos+centos+centos").json().get("request_id").asText();
        eventually(() -> store.count("centos", VmState.PENDING), n -> n > 0);

        assertThat(delete("/api/v3/ondemandvm/" + id).status()).isEqualTo(200);

        eventually(() -> store.allVmNames().stream().map(store::vm).flatMap(java.util.Optional::stream)
                .filter(r -> r.requestId().map(id::equals).orElse(false)).toList(),
                vms -> !vms.isEmpty() && vms.stream().allMatch(r -> r.field(VmRecord.Field.DESTROY).isPresent()));
        assertThat(store.vms("centos", VmState.RUNNING)).isEmpty();
        assertThat(get("/api/v3/ondemandvm/" + id).json().get("message").asText())
                .isEqualTo("The request has been deleted");
    }
}
