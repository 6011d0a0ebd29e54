package org.vmpooler.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpooler.config.ConfigException;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.dns.DnsPluginFactory;
import org.vmpooler.dns.DnsRegistry;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.provider.PluginConfigs;
import org.vmpooler.provider.Provider;
import org.vmpooler.provider.ProviderFactory;
import org.vmpooler.provider.ProviderRegistry;
import org.vmpooler.provider.RecordingProviderFactory;
import org.vmpooler.provider.capability.Capability;

/** Plugin jars in a plugins folder, built outside the build, next to the classes built into the process. */
class PluginsTest {
    @TempDir
    static Path dir;
    static Path folder;
    static Path jar;

    @BeforeAll
    static void buildThePluginJar() throws Exception {
        folder = dir.resolve("plugins");
        jar = ThirdPartyPluginJar.build(dir.resolve("work"), folder);
    }

    @Test
    void thePluginIsNotOnTheClassPathItself() {
        assertThatThrownBy(() -> Class.forName(ThirdPartyPluginJar.FACTORY))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void findsTheJarsClassesWithTheirOriginNextToTheBuiltInOnes() {
        Plugins plugins = Plugins.load(PluginPath.from(Map.of("VMPOOLER_PLUGIN_PATH", folder.toString()), dir));

        assertThat(plugins.jars()).containsExactly(jar);
        Plugins.Found<ProviderFactory> thirdParty = plugins.providers().stream()
                .filter(found -> found.factory().providerClass().equals(ThirdPartyPluginJar.PROVIDER_CLASS))
                .findFirst().orElseThrow();
        assertThat(thirdParty.jar()).contains(jar);
        assertThat(thirdParty.origin()).isEqualTo(jar.toString());
        assertThat(thirdParty.factory().capabilities()).containsExactly(Capability.SNAPSHOTS);

        assertThat(plugins.providers()).filteredOn(found -> found.factory() instanceof RecordingProviderFactory)
                .singleElement().satisfies(found -> assertThat(found.origin()).isEqualTo("built in"));
        assertThat(plugins.dnsPlugins()).extracting(found -> found.factory().dnsClass(), Plugins.Found::jar)
                .contains(tuple(ThirdPartyPluginJar.DNS_CLASS, Optional.of(jar)),
                        tuple("recording", Optional.empty()));
    }

    @Test
    void aPoolRunsOnAProviderAndDnsClassFromTheJar() {
        Plugins plugins = Plugins.load(PluginPath.from(Map.of("VMPOOLER_PLUGIN_PATH", folder.toString()), dir));
        VmpoolerConfig config = PluginConfigs.builder()
                .provider("lab", "ThirdParty", Map.of()).dns("zone", "thirdparty-dns", "example.com", Map.of())
                .pool("debian", "lab", "zone").build();

        Provider provider = ProviderRegistry.load(config, Metrics.none(), Clock.systemUTC(),
                plugins.providerFactories(), plugins.searched()).forPool("debian");
        provider.createVm(PluginConfigs.request("debian", "vm1"));
        assertThat(provider.vmsInPool("debian")).containsExactly("vm1");
        assertThat(provider.vmReady("debian", "vm1").ready()).isTrue();
        assertThat(DnsRegistry.load(config, Metrics.none(), plugins.dnsFactories(), plugins.searched())
                .forPool("debian")).hasValueSatisfying(dns -> assertThat(dns.name()).isEqualTo("zone"));
    }

    @Test
    void anUnknownClassNamesThePluginsFolderItSearched(@TempDir Path elsewhere) {
        Plugins plugins = Plugins.load(PluginPath.from(Map.of(), elsewhere));
        VmpoolerConfig config = PluginConfigs.builder()
                .provider("lab", "thirdparty", Map.of()).dns("zone", "thirdparty-dns", "example.com", Map.of())
                .pool("debian", "lab", "zone").build();

        assertThatThrownBy(() -> ProviderRegistry.load(config, Metrics.none(), Clock.systemUTC(),
                plugins.providerFactories(), plugins.searched()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'thirdparty'")
                .hasMessageContaining("plugins folder " + elsewhere.resolve("plugins"))
                .hasMessageContaining("available: [recording]");
        assertThatThrownBy(() -> DnsRegistry.load(config, Metrics.none(), plugins.dnsFactories(),
                plugins.searched()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'thirdparty-dns'")
                .hasMessageContaining("plugins folder " + elsewhere.resolve("plugins"));
    }

    @Test
    void aJarNamingAClassItDoesNotHoldFailsNamingTheFolder(@TempDir Path broken) throws Exception {
        Path brokenFolder = Files.createDirectories(broken.resolve("plugins"));
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(brokenFolder.resolve("broken.jar")))) {
            out.putNextEntry(new JarEntry("META-INF/services/" + DnsPluginFactory.class.getName()));
            out.write("com.example.Missing\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        assertThatThrownBy(() -> Plugins.load(PluginPath.from(Map.of(), broken)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DnsPluginFactory plugin could not be loaded")
                .hasMessageContaining(brokenFolder.toString()).hasMessageContaining("com.example.Missing");
    }
}
