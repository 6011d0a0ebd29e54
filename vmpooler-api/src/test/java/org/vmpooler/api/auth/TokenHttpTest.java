package org.vmpooler.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.vmpooler.api.support.ApiTestBase;
import org.vmpooler.api.support.Response;
import org.vmpooler.api.support.TestConfig;

/** The token routes as floaty uses them, over the real server and store. */
abstract class TokenHttpTest extends ApiTestBase {
    private static final String TOKEN_FORMAT = "[a-y][a-z0-9]{31}";

    private void startWithAuth() {
        start(new TestConfig().auth().pool("debian", 2).vmLifetimeAuth(12));
    }

    private static Map<String, String> basic(String user, String password) {
        String pair = user + ":" + password;
        return Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                pair.getBytes(StandardCharsets.UTF_8)));
    }

    private String issue(String user, String password) {
        Response response = send("POST", "/api/v3/token", "", basic(user, password));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("token").asText();
    }

    @Test
    void everyTokenRouteIsNotFoundWithoutAuth() {
        start(new TestConfig().pool("debian", 1));
        token("abc", "alice");

        assertThat(send("POST", "/api/v3/token", "", basic("alice", "secret")).status()).isEqualTo(404);
        assertThat(send("GET", "/api/v3/token", null, basic("alice", "secret")).status()).isEqualTo(404);
        assertThat(get("/api/v3/token/abc").status()).isEqualTo(404);
        assertThat(send("DELETE", "/api/v3/token/abc", null, basic("alice", "secret")).status()).isEqualTo(404);
        assertThat(store.token("abc")).isPresent();
    }

    @Test
    void issuesATokenInTheReferenceFormatToAnAuthenticatedUser() {
        startWithAuth();

        Response response = send("POST", "/api/v3/token", "", basic("alice", "secret"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("ok").asBoolean()).isTrue();
        String token = response.json().get("token").asText();
        assertThat(token).matches(TOKEN_FORMAT);
        assertThat(store.token(token)).hasValueSatisfying(record -> {
            assertThat(record.user()).contains("alice");
            assertThat(record.created()).isPresent();
            assertThat(record.last()).isEmpty();
        });
        assertThat(issue("alice", "secret")).isNotEqualTo(token);
    }

    @Test
    void refusesMissingWrongAndEmptyCredentialsWithABasicChallenge() {
        startWithAuth();

        for (Map<String, String> headers : new Map[] {Map.of(), basic("alice", "alice"), basic("alice", ""),
                basic("", "secret"), Map.of("Authorization", "Basic !!!not-base64"),
                Map.of("Authorization", "Bearer abc")}) {
            Response response = send("POST", "/api/v3/token", "", headers);
            assertThat(response.status()).as(headers.toString()).isEqualTo(401);
            assertThat(response.json().get("ok").asBoolean()).isFalse();
            assertThat(response.header("WWW-Authenticate")).contains("Basic realm=\"Authentication required\"");
        }
        assertThat(store.tokensOf("alice")).isEmpty();
    }

    @Test
    void listsOnlyTheCallersTokensWithTheirLastUse() {
        startWithAuth();
        String first = issue("alice", "secret");
        String second = issue("alice", "secret");
        issue("bob", "hunter2");
        ready("debian", "vm1");
        clock.advance(Duration.ofMinutes(5));
        assertThat(send("POST", "/api/v3/vm/debian", "", Map.of("x-auth-token", first)).status()).isEqualTo(200);

        Response response = send("GET", "/api/v3/token", null, basic("alice", "secret"));

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("ok").asBoolean()).isTrue();
        assertThat(body.properties()).extracting(Map.Entry::getKey).containsExactlyInAnyOrder("ok", first, second);
        assertThat(body.get(first).get("created").asText()).isNotBlank();
        assertThat(body.get(first).get("last").asText()).isNotEqualTo("never").isEqualTo(store.token(first)
                .flatMap(record -> record.last()).orElseThrow());
        assertThat(body.get(second).get("last").asText()).isEqualTo("never");
        assertThat(send("GET", "/api/v3/token", null, basic("carol", "pw")).status()).isEqualTo(404);
        assertThat(send("GET", "/api/v3/token", null, Map.of()).status()).isEqualTo(401);
    }

    @Test
    void showsATokensOwnerAndRunningVmsToItsHolder() {
        startWithAuth();
        String token = issue("alice", "secret");
        ready("debian", "vm1");
        ready("debian", "vm2");

        JsonNode idle = get("/api/v3/token/" + token).json();
        assertThat(idle.get(token).get("user").asText()).isEqualTo("alice");
        assertThat(idle.get(token).has("vms")).isFalse();

        Response checkout = send("POST", "/api/v3/vm/debian", "", Map.of("X-Auth-Token", token));
        String vm = checkout.json().get("debian").get("hostname").asText().split("\\.")[0];
        assertThat(store.vm(vm).orElseThrow().fields()).containsEntry("lifetime", "12");

        Response response = get("/api/v3/token/" + token);
        assertThat(response.status()).isEqualTo(200);
        JsonNode details = response.json().get(token);
        assertThat(details.get("user").asText()).isEqualTo("alice");
        assertThat(details.get("created").asText()).isNotBlank();
        assertThat(details.get("last").asText()).isNotBlank();
        assertThat(details.get("vms").get("running")).extracting(JsonNode::asText).containsExactly(vm);
        assertThat(get("/api/v3/token/" + "a".repeat(32)).status()).isEqualTo(404);
    }

    @Test
    void aUserRevokesOnlyTheirOwnTokens() {
        startWithAuth();
        String token = issue("alice", "secret");

        Response byBob = send("DELETE", "/api/v3/token/" + token, null, basic("bob", "hunter2"));
        assertThat(byBob.status()).isEqualTo(401);
        assertThat(store.token(token)).isPresent();
        assertThat(send("DELETE", "/api/v3/token/" + token, null, Map.of()).status()).isEqualTo(401);
        assertThat(store.token(token)).isPresent();

        Response byAlice = send("DELETE", "/api/v3/token/" + token, null, basic("alice", "secret"));
        assertThat(byAlice.status()).isEqualTo(200);
        assertThat(byAlice.json().get("ok").asBoolean()).isTrue();
        assertThat(store.token(token)).isEmpty();
        assertThat(send("DELETE", "/api/v3/token/" + token, null, basic("alice", "secret")).status())
                .isEqualTo(401);
        assertThat(send("POST", "/api/v3/vm/debian", "", Map.of("X-AUTH-TOKEN", token)).status()).isEqualTo(401);
    }
}
