package org.vmpooler.api.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.vmpooler.api.support.ApiTestBase;
import org.vmpooler.api.support.Response;
import org.vmpooler.api.support.TestConfig;
import org.vmpooler.config.RateLimits;
import org.vmpooler.config.RateLimits.Limit;

/** {@code rate_limiting_enabled} over the real server and store. */
abstract class RateLimitHttpTest extends ApiTestBase {
    static final Duration PERIOD = Duration.ofSeconds(60);
    static final RateLimits LIMITS = new RateLimits(new Limit(3, PERIOD), new Limit(5, PERIOD),
            new Limit(2, PERIOD), new Limit(2, PERIOD));

    void startLimited() {
        start(new TestConfig().auth().pool("debian", 1).rateLimiting(LIMITS));
    }

    Response getVms(Map<String, String> headers) {
        return send("GET", "/api/v3/vm", null, headers);
    }

    @Test
    void answers429WithTheReferenceHeadersAndBodyOnceTheWindowIsUsedUp() {
        startLimited();
        for (int i = 0; i < 3; i++) {
            Response allowed = getVms(Map.of());
            assertThat(allowed.status()).isEqualTo(200);
            assertThat(allowed.header("Retry-After")).isEmpty();
            assertThat(allowed.header("X-RateLimit-Limit")).isEmpty();
        }

        Response limited = getVms(Map.of());

        assertThat(limited.status()).isEqualTo(429);
        JsonNode body = limited.json();
        assertThat(body.get("ok").asBoolean()).isFalse();
        assertThat(body.get("error").asText()).isEqualTo("Rate limit exceeded");
        assertThat(body.get("limit").asInt()).isEqualTo(3);
        assertThat(body.get("period").asInt()).isEqualTo(60);
        long retryAfter = body.get("retry_after").asLong();
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(limited.header("Retry-After")).contains(Long.toString(retryAfter));
        assertThat(limited.header("X-RateLimit-Limit")).contains("3");
        assertThat(limited.header("X-RateLimit-Remaining")).contains("0");
        assertThat(limited.header("X-RateLimit-Reset"))
                .contains(Long.toString(clock.instant().getEpochSecond() + retryAfter));
        assertThat(limited.header("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("application/json"));
    }

    @Test
    void madeUpTokensCountUnderTheClientsAddress() {
        startLimited();
        for (int i = 0; i < 3; i++) {
            assertThat(getVms(Map.of("X-AUTH-TOKEN", "random" + i)).status()).isEqualTo(200);
        }

        assertThat(getVms(Map.of("X-AUTH-TOKEN", "another-random-token")).status()).isEqualTo(429);
        assertThat(getVms(Map.of()).status()).isEqualTo(429);
    }

    @Test
    void aKnownTokenHasItsOwnLargerBucket() {
        startLimited();
        token("alicetoken", "alice");
        for (int i = 0; i < 3; i++) {
            getVms(Map.of());
        }
        assertThat(getVms(Map.of()).status()).isEqualTo(429);

        for (int i = 0; i < 5; i++) {
            assertThat(getVms(Map.of("x-auth-token", "alicetoken")).status()).isEqualTo(200);
        }
        Response limited = getVms(Map.of("X-AUTH-TOKEN", "alicetoken"));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.json().get("limit").asInt()).isEqualTo(5);
    }

    @Test
    void checkoutsAndDeletionsHaveTheirOwnLimits() {
        startLimited();
        for (int i = 0; i < 2; i++) {
            assertThat(post("/api/v3/vm/nosuchpool").status()).isEqualTo(404);
        }
        Response limited = post("/api/v3/vm/nosuchpool");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.json().get("limit").asInt()).isEqualTo(2);

        for (int i = 0; i < 2; i++) {
            assertThat(delete("/api/v3/vm/nosuchvm").status()).isEqualTo(404);
        }
        assertThat(delete("/api/v3/vm/nosuchvm").status()).isEqualTo(429);
        assertThat(getVms(Map.of()).status()).isEqualTo(200);
    }

    @Test
    void theHealthCheckIsNeverLimited() {
        startLimited();
        for (int i = 0; i < 4; i++) {
            getVms(Map.of());
        }

        for (int i = 0; i < 5; i++) {
            assertThat(get("/healthcheck").status()).isNotEqualTo(429);
        }
    }

    @Test
    void nothingIsLimitedWhenRateLimitingIsOff() {
        start(new TestConfig().pool("debian", 1));

        for (int i = 0; i < 10; i++) {
            assertThat(getVms(Map.of()).status()).isEqualTo(200);
        }
    }
}
