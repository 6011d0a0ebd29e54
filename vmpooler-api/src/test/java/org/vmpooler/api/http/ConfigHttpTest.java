package org.vmpooler.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.vmpooler.api.support.ApiTestBase;
import org.vmpooler.api.support.TestConfig;
import org.vmpooler.domain.PoolOverride;

/** {@code /api/v3/config} and {@code /api/v3/full_config}. */
public abstract class ConfigHttpTest extends ApiTestBase {

    @Test
    void poolConfigurationShowsOverridesAndTemplateReadiness() {
        start(new TestConfig().pool("pool1", 2).pool("pool2", 1));
        store.setOverride(PoolOverride.SIZE, "pool2", "5");
        store.setPreparedTemplate("pool1", "templates/pool1");

        JsonNode body = get("/api/v3/config").json();

        assertThat(body.fieldNames()).toIterable().containsExactly("pool_configuration", "status");
        JsonNode pool1 = body.get("pool_configuration").get(0);
        assertThat(pool1.get("name").asText()).isEqualTo("pool1");
        assertThat(pool1.get("size").asInt()).isEqualTo(2);
        assertThat(pool1.get("template_ready").asBoolean()).isTrue();
        JsonNode pool2 = body.get("pool_configuration").get(1);
        assertThat(pool2.get("size").asInt()).isEqualTo(5);
        assertThat(pool2.get("template_ready").asBoolean()).isFalse();
        assertThat(body.get("status").get("ok").asBoolean()).isTrue();
    }

    @Test
    void noPoolsIs404() {
        start(new TestConfig());

        assertThat(get("/api/v3/config").status()).isEqualTo(404);
    }

    @Test
    void fullConfigRedactsSecrets() {
        start(new TestConfig().pool("pool1", 1)
                .document("redis", Map.of("server", "redis.example.com", "password", "hunter2"))
                .document("providers", Map.of("vsphere", Map.of("username", "admin", "password", "s3cr3t"))));

        JsonNode body = get("/api/v3/full_config").json();

        assertThat(body.get("full_config").get("redis").get("server").asText()).isEqualTo("redis.example.com");
        assertThat(body.get("full_config").get("redis").get("password").asText()).isEqualTo("<redacted>");
        assertThat(body.get("full_config").get("providers").get("vsphere").get("password").asText())
                .isEqualTo("<redacted>");
        assertThat(body.toString()).doesNotContain("hunter2", "s3cr3t");
        assertThat(body.get("status").get("ok").asBoolean()).isTrue();
    }
}
