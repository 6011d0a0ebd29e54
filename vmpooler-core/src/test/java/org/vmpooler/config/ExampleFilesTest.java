package org.vmpooler.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repository's example files: they load, and the full example documents every key. */
class ExampleFilesTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    private static VmpoolerConfig load(String file) {
        return new ConfigLoader().load(Map.of("VMPOOLER_CONFIG_FILE", file), REPO);
    }

    @Test
    void theFullExampleLoads() {
        VmpoolerConfig config = load("vmpooler.yaml.example");

        assertThat(config.poolNames()).containsExactly("debian-12-x86_64", "ubuntu-2404-x86_64");
        assertThat(config.pool("ubuntu-2404-x86_64").orElseThrow().provider()).isEqualTo("dummy");
        assertThat(config.providers().get("vsphere-east").providerClass()).isEqualTo("vsphere");
        assertThat(config.redis()).isPresent();
        assertThat(config.auth().orElseThrow().ldap().orElseThrow().encryption())
                .isEqualTo(LdapConfig.Encryption.START_TLS);
        assertThat(config.metrics()).isInstanceOf(MetricsConfig.Prometheus.class);
        assertThat(config.tagFilters()).containsKey("url");
    }

    @Test
    void theFullExampleMentionsEveryKnownConfigKey() throws IOException {
        String text = Files.readString(REPO.resolve("vmpooler.yaml.example"));

        assertThat(GlobalConfigReader.KNOWN_KEYS).allSatisfy(key -> assertThat(text).contains(key));
        assertThat(RedisConfigReader.KNOWN_KEYS).filteredOn(key -> !key.startsWith("dlq_"))
                .allSatisfy(key -> assertThat(text).contains(key + ":"));
    }

    @Test
    void theDummyExampleIsTheEmbeddedDefault(@TempDir Path empty) {
        VmpoolerConfig fromFile = load("vmpooler.yaml.dummy-example");
        VmpoolerConfig embedded = new ConfigLoader().load(Map.of(), empty);

        assertThat(embedded.source()).isNotEqualTo(fromFile.source());
        assertThat(embedded.document().asMap()).isEqualTo(fromFile.document().asMap());
        assertThat(embedded.aliases()).isEqualTo(fromFile.aliases()).isNotEmpty();
        assertThat(fromFile.redis()).isEmpty();
    }

    @Test
    void theEmbeddedDefaultServesPrometheusMetricsSoANewcomerSeesThem(@TempDir Path empty) {
        VmpoolerConfig embedded = new ConfigLoader().load(Map.of(), empty);

        assertThat(embedded.metrics()).isInstanceOfSatisfying(MetricsConfig.Prometheus.class,
                prometheus -> assertThat(prometheus.endpoint()).isEqualTo("/prometheus"));
    }
}
