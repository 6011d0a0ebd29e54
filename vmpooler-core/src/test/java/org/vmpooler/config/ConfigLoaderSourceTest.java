package org.vmpooler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderSourceTest {
    @TempDir
    Path dir;

    private LoaderFixture fixture() {
        return new LoaderFixture(dir);
    }

    @Test
    void vmpoolerYamlInTheWorkingDirectoryIsTheDefaultFile() {
        VmpoolerConfig config = fixture().config(LoaderFixture.MINIMAL).load();

        assertThat(config.poolNames()).containsExactly("debian");
        assertThat(config.source()).isEqualTo(dir.resolve("vmpooler.yaml").toString());
    }

    @Test
    void vmpoolerConfigFileWinsOverTheDefaultFile() {
        VmpoolerConfig config = fixture().config("this: is not used")
                .file("other.yaml", LoaderFixture.MINIMAL.replace("debian", "other"))
                .env("VMPOOLER_CONFIG_FILE", "other.yaml").load();

        assertThat(config.poolNames()).containsExactly("other");
    }

    @Test
    void vmpoolerConfigTextWinsOverEveryFile() {
        VmpoolerConfig config = fixture().config("this: is not used")
                .env("VMPOOLER_CONFIG", LoaderFixture.MINIMAL.replace("debian", "inline")).load();

        assertThat(config.poolNames()).containsExactly("inline");
        assertThat(config.source()).isEqualTo("environment variable VMPOOLER_CONFIG");
    }

    @Test
    void aMissingVmpoolerConfigFileIsAnErrorNamingIt() {
        assertThatThrownBy(() -> fixture().env("VMPOOLER_CONFIG_FILE", "nowhere.yaml").load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(dir.resolve("nowhere.yaml").toString())
                .hasMessageContaining("VMPOOLER_CONFIG_FILE");
    }

    @Test
    void withoutAnyConfigurationTheEmbeddedDummyExampleIsUsed() {
        VmpoolerConfig config = fixture().load();

        assertThat(config.source()).contains("embedded default");
        assertThat(config.redis()).isEmpty();
        assertThat(config.pools()).hasSizeBetween(3, 4)
                .allSatisfy(pool -> {
                    assertThat(pool.provider()).isEqualTo("dummy");
                    assertThat(pool.size()).isBetween(2, 5);
                });
        assertThat(config.providers().get("dummy").providerClass()).isEqualTo("dummy");
        assertThat(config.dnsConfigs().values()).singleElement().satisfies(dns -> {
            assertThat(dns.dynamic()).isTrue();
            assertThat(dns.domain()).isEqualTo("example.com");
        });
        assertThat(config.global().provisioning().prefix()).isEqualTo("poolvm-");
        assertThat(config.aliases()).isNotEmpty();
    }

    @Test
    void extraConfigFilesAreMergedIntoTheFile() {
        VmpoolerConfig config = fixture().config(LoaderFixture.MINIMAL + """
                :config:
                  task_limit: 3
                  extra_config: alice.yaml, bob.yaml
                """).file("alice.yaml", """
                :providers:
                  :alice:
                    provider_class: dummy
                :config:
                  task_limit: 99
                  prefix: 'alice-'
                """).file("bob.yaml", """
                providers:
                  bob:
                    provider_class: dummy
                pools:
                  - name: third
                    template: t
                    size: 1
                    provider: bob
                    dns_plugin: example
                """).load();

        assertThat(config.providers()).containsKeys("alice", "bob", "dummy");
        assertThat(config.poolNames()).containsExactly("debian", "third");
        assertThat(config.global().provisioning().taskLimit()).as("the base file's scalar wins").isEqualTo(3);
        assertThat(config.global().provisioning().prefix()).isEqualTo("alice-");
        assertThat(config.source()).contains("alice.yaml").contains("bob.yaml");
    }

    @Test
    void extraConfigFromTheEnvironmentAlsoAppliesToVmpoolerConfigText() {
        VmpoolerConfig config = fixture().file("pools.yaml", """
                :pools:
                  - name: extra
                    template: t
                    size: 1
                    dns_plugin: example
                """).env("VMPOOLER_CONFIG", LoaderFixture.MINIMAL).env("EXTRA_CONFIG", "pools.yaml").load();

        assertThat(config.poolNames()).containsExactly("debian", "extra");
        assertThat(config.global().extras().string("extra_config")).contains("pools.yaml");
    }

    @Test
    void aMissingExtraConfigFileIsAnErrorNamingIt() {
        assertThatThrownBy(() -> fixture().config(LoaderFixture.MINIMAL).env("EXTRA_CONFIG", "gone.yaml").load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(dir.resolve("gone.yaml").toString()).hasMessageContaining("EXTRA_CONFIG");
    }

    @Test
    void aPoolRepeatedWithOtherKeysByAnExtraFileIsAClearError() {
        assertThatThrownBy(() -> fixture().config(LoaderFixture.MINIMAL).file("more.yaml", """
                :pools:
                  - name: debian
                    template: templates/debian
                    size: 9
                    dns_plugin: example
                """).env("EXTRA_CONFIG", "more.yaml").load())
                .isInstanceOf(ConfigException.class).hasMessageContaining("pool 'debian' is configured twice");
    }

    @Test
    void aConfigurationWithoutConfigSectionUsesTheDefaults() {
        VmpoolerConfig config = fixture().config(LoaderFixture.MINIMAL).load();

        assertThat(config.global().provisioning().taskLimit()).isEqualTo(10);
        assertThat(config.global().logfile()).isEmpty();
    }
}
