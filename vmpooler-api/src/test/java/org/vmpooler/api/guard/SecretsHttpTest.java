package org.vmpooler.api.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vmpooler.api.support.ApiTestBase;
import org.vmpooler.api.support.LogCapture;
import org.vmpooler.api.support.Response;
import org.vmpooler.api.support.TestConfig;
import org.vmpooler.store.InMemoryStore;
import org.vmpooler.store.Store;

/** Passwords and tokens never reach the logs (request logger on) nor {@code /full_config}. */
class SecretsHttpTest extends ApiTestBase {
    private static final String PASSWORD = "pa55-w0rd-xyz";
    private LogCapture logs;

    @Override
    protected Store newStore() {
        return new InMemoryStore(clock);
    }

    @BeforeEach
    void captureLogs() {
        logs = closeAfterwards(new LogCapture());
    }

    private List<String> logLines() {
        return logs.lines();
    }

    @Test
    void theRequestLoggerLogsMethodPathStatusAndDurationButNoSecrets() {
        start(new TestConfig().auth().pool("debian", 1).requestLogger());
        ready("debian", "vm1");
        Map<String, String> basic = Map.of("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString(("alice:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        String token = send("POST", "/api/v3/token", "", basic).json().get("token").asText();
        send("POST", "/api/v3/vm/debian", "", Map.of("X-AUTH-TOKEN", token));
        get("/api/v3/token/" + token);
        send("GET", "/api/v3/token", null, basic);
        send("POST", "/api/v3/vm/debian", "", Map.of("X-AUTH-TOKEN", "wrong-" + token));
        send("DELETE", "/api/v3/token/" + token, null, basic);

        List<String> lines = logLines();
        assertThat(lines).anySatisfy(line -> assertThat(line).matches("API: POST /api/v3/token -> 200 in \\d+ ms"));
        assertThat(lines).anySatisfy(line -> assertThat(line)
                .matches("API: GET /api/v3/token/<redacted> -> 200 in \\d+ ms"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("API: POST /api/v3/vm/debian -> 401"));
        assertThat(lines).noneSatisfy(line -> assertThat(line).contains(token));
        assertThat(lines).noneSatisfy(line -> assertThat(line).contains(PASSWORD));
    }

    @Test
    void noRequestLinesWhenTheRequestLoggerIsOff() {
        start(new TestConfig().pool("debian", 1));

        get("/api/v3/vm");

        assertThat(logLines()).noneSatisfy(line -> assertThat(line).startsWith("API: "));
    }

    @Test
    void fullConfigHidesTheLdapServiceAccountPassword() {
        start(new TestConfig().pool("debian", 1).document("auth", Map.of("provider", "ldap", "ldap",
                Map.of("host", "ldap.example.com", "service_account_hash",
                        Map.of("user_dn", "cn=svc,dc=example,dc=com", "password", PASSWORD)))));

        Response response = get("/api/v3/full_config");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("cn=svc,dc=example,dc=com").doesNotContain(PASSWORD);
    }
}
