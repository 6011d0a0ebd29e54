package org.vmpooler.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginPathTest {
    @TempDir
    Path dir;

    @Test
    void withoutTheVariableItIsThePluginsFolderOfTheWorkingDirectory() {
        PluginPath path = PluginPath.from(Map.of(), dir);
        assertThat(path.entries()).containsExactly(dir.resolve("plugins").toAbsolutePath());
        assertThat(path.configured()).isFalse();
        assertThat(path.describe()).contains(dir.resolve("plugins").toString()).contains("the default")
                .contains("VMPOOLER_PLUGIN_PATH");
    }

    @Test
    void theVariableIsAPathListOfFoldersAndJarsRelativeToTheWorkingDirectory() throws Exception {
        Path site = Files.createDirectories(dir.resolve("site"));
        Files.write(site.resolve("b.jar"), new byte[0]);
        Files.write(site.resolve("a.jar"), new byte[0]);
        Files.write(site.resolve("README.txt"), new byte[0]);
        Path single = Files.write(dir.resolve("single.jar"), new byte[0]);

        PluginPath path = PluginPath.from(Map.of("VMPOOLER_PLUGIN_PATH",
                "single.jar" + File.pathSeparator + " site " + File.pathSeparator + File.pathSeparator + "gone"), dir);

        assertThat(path.configured()).isTrue();
        assertThat(path.entries()).containsExactly(single, site, dir.resolve("gone"));
        assertThat(path.jars()).containsExactly(single, site.resolve("a.jar"), site.resolve("b.jar"));
        assertThat(path.missing()).containsExactly(dir.resolve("gone"));
        assertThat(path.describe()).isEqualTo("the plugins folders " + single + File.pathSeparator + site
                + File.pathSeparator + dir.resolve("gone") + " (VMPOOLER_PLUGIN_PATH)");
    }

    @Test
    void setButEmptyItLoadsNoPlugins() throws Exception {
        Files.createDirectories(dir.resolve("plugins"));
        Files.write(dir.resolve("plugins/x.jar"), new byte[0]);
        PluginPath path = PluginPath.from(Map.of("VMPOOLER_PLUGIN_PATH", ""), dir);
        assertThat(path.entries()).isEmpty();
        assertThat(path.jars()).isEmpty();
        assertThat(path.describe()).isEqualTo("no plugins folder (VMPOOLER_PLUGIN_PATH is set but empty)");
    }
}
