package org.vmpooler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpooler.store.InMemoryStore;
import org.vmpooler.store.Store;

class PublishedPoolsTest {
    @TempDir
    Path dir;

    private VmpoolerConfig managerConfig() {
        return new LoaderFixture(dir).config("""
                :providers:
                  :vsphere-east:
                    provider_class: vsphere
                :dns_configs:
                  :corp:
                    dns_class: gcp
                    domain: vm.example.com
                :pools:
                  - name: centos
                    alias: [centos-7, el]
                    template: templates/centos
                    size: 5
                    provider: vsphere-east
                    dns_plugin: corp
                    timeout: 30
                    folder: pooled/centos
                  - name: debian
                    alias: debian-12
                    template: templates/debian
                    size: 0
                    dns_plugin: corp
                """).load();
    }

    @Test
    void publishedFieldsAreTheStringifiedPoolWithJoinedAliasesAndTheDomain() {
        Map<String, Map<String, String>> published = PublishedPools.of(managerConfig());

        assertThat(published.get("centos")).containsEntry("alias", "centos-7,el").containsEntry("size", "5")
                .containsEntry("template", "templates/centos").containsEntry("provider", "vsphere-east")
                .containsEntry("domain", "vm.example.com").containsEntry("folder", "pooled/centos")
                .containsEntry("timeout", "30");
        assertThat(published.get("debian")).containsEntry("alias", "debian-12").containsEntry("size", "0");
    }

    @Test
    void secretPoolKeysArePublishedRedacted() {
        VmpoolerConfig config = new LoaderFixture(dir).config("""
                :dns_configs:
                  :corp:
                    dns_class: gcp
                    domain: vm.example.com
                :pools:
                  - name: win
                    template: templates/win
                    size: 1
                    dns_plugin: corp
                    admin_password: Adm1n-pw
                    vm_credential: cr3d
                    ssh_keys: [k1]
                """).load();

        Map<String, String> published = PublishedPools.of(config).get("win");

        assertThat(published).containsEntry("admin_password", ConfigRedactor.REDACTED)
                .containsEntry("vm_credential", ConfigRedactor.REDACTED)
                .containsEntry("ssh_keys", ConfigRedactor.REDACTED)
                .containsEntry("template", "templates/win");
        assertThat(published.toString()).doesNotContain("Adm1n-pw", "cr3d", "k1");
    }

    @Test
    void anApiProcessWithoutPoolsReadsThemBackFromTheStore() {
        Store store = new InMemoryStore(Clock.systemUTC());
        store.publishPools(PublishedPools.of(managerConfig()));
        Map<String, Map<String, String>> fromStore = new HashMap<>();
        store.publishedPools().forEach(pool -> fromStore.put(pool, store.publishedPool(pool)));
        VmpoolerConfig apiConfig = new LoaderFixture(dir).env("VMPOOLER_CONFIG", ":config: {}\n")
                .load();

        VmpoolerConfig config = PublishedPools.withPublishedPools(apiConfig, fromStore);

        assertThat(config.poolNames()).containsExactly("centos", "debian");
        PoolConfig centos = config.pool("centos").orElseThrow();
        assertThat(centos.aliases()).containsExactly("centos-7", "el");
        assertThat(centos.size()).isEqualTo(5);
        assertThat(centos.template()).isEqualTo("templates/centos");
        assertThat(centos.timeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(centos.provider()).isEqualTo("vsphere-east");
        assertThat(centos.settings().string("folder")).contains("pooled/centos");
        assertThat(config.domainFor("debian")).contains("vm.example.com");
        assertThat(config.aliases()).containsEntry("debian-12", List.of("debian"));
        assertThat(config.source()).contains("published");
    }

    @Test
    void aPublishedPoolMissingARequiredKeyIsNamed() {
        assertThatThrownBy(() -> PublishedPools.withPublishedPools(managerConfig(),
                Map.of("broken", Map.of("size", "1", "dns_plugin", "corp"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(":pools: > broken > template").hasMessageContaining("published");
    }
}
