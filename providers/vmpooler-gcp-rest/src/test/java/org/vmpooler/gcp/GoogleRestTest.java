package org.vmpooler.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpooler.config.ConfigException;
import org.vmpooler.config.Settings;

/** The shared Google client against the fake: real service-account sign-in, error bodies, bounded retries. */
class GoogleRestTest {
    private static final String EMAIL = "rest-test@vmp-test.iam.gserviceaccount.com";
    private static FakeGoogleCloud fake;
    private static Path key;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        fake = FakeGoogleCloud.start();
        key = fake.writeServiceAccount(Files.createTempDirectory("rest"), EMAIL);
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    private static GoogleRest rest(Map<String, Object> extra, Path credentials) {
        Map<String, Object> keys = new HashMap<>(Map.of("endpoint", fake.computeEndpoint().toString(),
                "credentials_file", credentials.toString(), "api_retry_delay", 0.01));
        keys.putAll(extra);
        GoogleApiSettings settings = GoogleApiSettings.of(new Settings(keys, ":providers: > :gce:", "test"),
                "https://compute.googleapis.com/compute/v1/");
        return new GoogleRest(settings, AccessTokens.load(settings.credentialsFile(), "test"));
    }

    @Test
    void callsAreMadeWithATokenBoughtWithTheServiceAccountsSignedJwt() {
        GoogleRest rest = rest(Map.of(), key);
        int before = fake.tokensIssued();

        rest.get("projects/vmp-test/zones/z/instances");
        rest.get("projects/vmp-test/zones/z/instances");

        assertThat(fake.tokensIssued() - before).as("one token, reused until it expires").isEqualTo(1);
        assertThat(rest.identity()).contains(EMAIL).doesNotContain("PRIVATE KEY");
    }

    @Test
    void anErrorCarriesTheStatusReasonsAndMessage() {
        assertThatThrownBy(() -> rest(Map.of(), key).get("projects/vmp-test/zones/z/instances/nothing"))
                .isInstanceOfSatisfying(GoogleApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.hasReason("notFound")).isTrue();
                }).hasMessageContaining("was not found");
    }

    @Test
    void throttlingIsRetriedUpToTheTriesAllowed() {
        GoogleRest rest = rest(Map.of("api_retries", 3), key);
        fake.throttle(2);
        assertThat(rest.get("projects/vmp-test/zones/z/instances").path("kind").asText())
                .isEqualTo("compute#instanceList");

        fake.throttle(3);
        assertThatThrownBy(() -> rest.get("projects/vmp-test/zones/z/instances"))
                .isInstanceOfSatisfying(GoogleApiException.class, e -> assertThat(e.status()).isEqualTo(429));
        fake.throttle(0);
    }

    @Test
    void aKeyTheTokenEndpointRefusesIsAClearErrorWithoutTheKey() throws Exception {
        String forged = Files.readString(key).replace(EMAIL, "someone-else@vmp-test.iam.gserviceaccount.com");
        Path file = Files.writeString(dir.resolve("forged.json"), forged);

        assertThatThrownBy(() -> rest(Map.of(), file).get("projects/vmp-test/zones/z/instances"))
                .isInstanceOfSatisfying(GoogleApiException.class, e -> assertThat(e.status()).isEqualTo(401))
                .hasMessageContaining("someone-else@vmp-test.iam.gserviceaccount.com")
                .hasMessageNotContaining("PRIVATE KEY");
    }

    @Test
    void endpointsAndKeyFilesAreCheckedAtStart() {
        assertThatThrownBy(() -> rest(Map.of("endpoint", "http://compute.example.com/compute/v1/"), key))
                .isInstanceOf(ConfigException.class).hasMessageContaining("endpoint");
        assertThatThrownBy(() -> rest(Map.of(), dir.resolve("missing.json")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("credentials_file");
        assertThatThrownBy(() -> rest(Map.of("api_retries", 0), key))
                .isInstanceOf(ConfigException.class).hasMessageContaining("api_retries");
    }

    @Test
    void backOffGrowsWithJitterWithinTheCapAndHonoursRetryAfter() {
        RetryPolicy policy = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(4));

        assertThat(policy.delayBefore(2, Optional.empty())).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThat(policy.delayBefore(3, Optional.empty())).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(policy.delayBefore(9, Optional.empty())).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(policy.delayBefore(2, Optional.of(Duration.ofSeconds(3)))).isEqualTo(Duration.ofSeconds(3));
        assertThat(policy.delayBefore(2, Optional.of(Duration.ofMinutes(5)))).isEqualTo(Duration.ofSeconds(4));
    }
}
