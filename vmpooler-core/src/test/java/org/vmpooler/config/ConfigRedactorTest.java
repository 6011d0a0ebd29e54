package org.vmpooler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigRedactorTest {
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void everySecretOfTheMergedDocumentIsRedactedAndTheRestKept() {
        VmpoolerConfig config = new LoaderFixture(dir).env("REDIS_PASSWORD", "from-env").loadWith("""
                :redis:
                  server: r
                :auth:
                  provider: ldap
                  :ldap:
                    host: ldap.example.com
                    base: dc=example
                    user_object: uid
                    service_account_hash:
                      :user_dn: cn=svc
                      :password: ldap-secret
                :providers:
                  :ec2:
                    abs_aws_access_key: AKIA
                    abs_aws_secret_key: shh
                    api_token: t0k
                    credentials:
                      json: '{"private": 1}'
                    region: us-west-2
                  :vsphere:
                    username: admin
                    password: vc-pass
                    ssh_keys: [k1, k2]
                """);

        Map<String, Object> redacted = ConfigRedactor.redact(config);

        assertThat(redacted.toString()).doesNotContain("from-env", "ldap-secret", "AKIA", "shh", "t0k", "private",
                "vc-pass", "k1");
        Map<String, Object> providers = (Map<String, Object>) redacted.get("providers");
        assertThat((Map<String, Object>) providers.get("ec2")).containsEntry("region", "us-west-2")
                .containsEntry("abs_aws_access_key", ConfigRedactor.REDACTED)
                .containsEntry("credentials", ConfigRedactor.REDACTED);
        assertThat((Map<String, Object>) providers.get("vsphere")).containsEntry("username", "admin")
                .containsEntry("password", ConfigRedactor.REDACTED).containsEntry("ssh_keys", ConfigRedactor.REDACTED);
        assertThat((Map<String, Object>) redacted.get("redis")).containsEntry("server", "r")
                .containsEntry("password", ConfigRedactor.REDACTED);
        assertThat(redacted.toString()).contains("cn=svc", "ldap.example.com", "debian");
        assertThat(redacted.get("pools")).isInstanceOf(List.class);
    }

    @Test
    void theDocumentItselfIsNotModified() {
        Map<String, Object> document = Map.of("redis", Map.of("password", "pw"));

        ConfigRedactor.redact(document);

        assertThat(document).isEqualTo(Map.of("redis", Map.of("password", "pw")));
    }

    @Test
    void secretKeyNamesAreRecognisedButOrdinaryKeysAreNot() {
        assertThat(List.of("password", "REDIS_PASSWORD", "pass", "secret", "client_secret", "token", "api_token",
                "credentials", "access_key", "key", "json_key", "apikey", "passphrase"))
                .allMatch(ConfigRedactor::isSecret);
        assertThat(List.of("server", "keyboard", "monkeys_allowed", "user_object", "user_dn", "prefix", "domain",
                "template", "dns_class", "provider_class", "size")).noneMatch(ConfigRedactor::isSecret);
    }

    @Test
    void aPasswordInsideAUrlIsHiddenWhateverTheKey() {
        Map<String, Object> redacted = ConfigRedactor.redact(Map.of("tracing",
                Map.of("otlp_endpoint", "https://user:s3cret@otel.example.com:4318/v1/traces",
                        "plain", "http://otel.example.com/x@y")));

        assertThat(redacted.toString()).doesNotContain("s3cret")
                .contains("https://user:<redacted>@otel.example.com:4318/v1/traces", "http://otel.example.com/x@y");
    }

    @Test
    void anInvalidSecretValueIsNotQuotedInTheError() {
        Settings redis = new Settings(Map.of("password", List.of("hunter2")), ":redis:", "test.yaml");

        assertThatThrownBy(() -> redis.string("password")).hasMessageContaining(ConfigRedactor.REDACTED)
                .hasMessageNotContaining("hunter2");
    }
}
