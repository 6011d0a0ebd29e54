package org.vmpooler.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vmpooler check-config}: what a start would say about a configuration, all of it, without starting. */
class ConfigCheckCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Map<String, String> env = new HashMap<>(Map.of("VMPOOLER_PLUGIN_PATH", "no-plugins-here"));

    private int check(String... args) {
        return ConfigCheckCommand.run(List.of(args), env, dir, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private Path write(String name, String yaml) throws Exception {
        return Files.writeString(dir.resolve(name), yaml);
    }

    /** The shape of the reference's own example (a global domain, pools without DNS or template), a class misspelt. */
    private static final String REFERENCE_STYLE = """
            :providers:
              :vsphere:
                server: vsphere.example.com
                provider_class: vspher
              :dummy:
                filename: /tmp/dummy-backing.yaml
                createvm_fail_percnt: 5
            :dns_configs:
              :lab:
                dns_class: rfc2136
                domain: lab.example.com
                servr: 127.0.0.1
            :config:
              domain: example.com
              site_nam: lab
            :pools:
              - name: debian-7-i386
                template: Templates/debian-7-i386
                folder: Pooled VMs/debian-7-i386
                size: 5
                provider: vsphere
              - name: centos
                sise: 2
            """;

    @Test
    void everyErrorAndWarningIsPrintedInOneRunWithItsFileAndTheKeyMeant() throws Exception {
        Path file = write("reference.yaml", REFERENCE_STYLE);

        assertThat(check(file.toString())).isEqualTo(1);

        String output = output();
        List<String> errors = output.lines().filter(l -> l.startsWith("error: ")).toList();
        assertThat(errors).allSatisfy(e -> assertThat(e).contains(file.toString()));
        assertThat(errors)
                .anySatisfy(e -> assertThat(e).contains(":config: > domain"))
                .anySatisfy(e -> assertThat(e).contains(":pools: > debian-7-i386 > dns_plugin"))
                .anySatisfy(e -> assertThat(e).contains(":pools: > centos > dns_plugin"))
                .anySatisfy(e -> assertThat(e).contains(":pools: > centos > template"))
                .anySatisfy(e -> assertThat(e).contains(":pools: > centos > size"))
                // the plugins' half: a class nobody offers, a DNS plugin's own required key
                .anySatisfy(e -> assertThat(e).contains("provider_class 'vspher'").contains("available: ["))
                .anySatisfy(e -> assertThat(e).contains(":dns_configs: > lab > server is required"));
        assertThat(output.lines().filter(l -> l.startsWith("warning: ")))
                .anySatisfy(w -> assertThat(w).contains("'sise'").contains("did you mean 'size'"))
                .anySatisfy(w -> assertThat(w).contains("'site_nam'").contains("did you mean 'site_name'"))
                .anySatisfy(w -> assertThat(w).contains("'createvm_fail_percnt'")
                        .contains("did you mean 'createvm_fail_percent'"))
                .anySatisfy(w -> assertThat(w).contains("'servr'").contains("did you mean 'server'"));
        assertThat(output).contains(errors.size() + " errors").contains("would not start");
    }

    @Test
    void aValidConfigurationIsOkWithItsWarnings() throws Exception {
        write("vmpooler.yaml", """
                :dns_configs:
                  :example:
                    dns_class: dynamic-dns
                    domain: example.com
                :pools:
                  - name: debian
                    template: t
                    size: 1
                    dns_plugin: example
                    timout: 3
                """);

        assertThat(check()).isZero();

        assertThat(output()).contains("checking " + dir.resolve("vmpooler.yaml"))
                .contains("warning: unknown key 'timout'").contains("did you mean 'timeout'")
                .contains("OK: 1 pools");
    }

    @Test
    void theEnvironmentAndExtraConfigAreCheckedToo() throws Exception {
        Path file = write("base.yaml", """
                :dns_configs:
                  :example:
                    dns_class: dynamic-dns
                    domain: example.com
                """);
        write("extra.yaml", """
                :pools:
                  - name: debian
                    size: 1
                    dns_plugin: example
                """);
        env.put("EXTRA_CONFIG", "extra.yaml");
        env.put("REDIS_PORT", "many");

        assertThat(check(file.toString())).isEqualTo(1);

        assertThat(output()).contains("checking " + file + " + " + dir.resolve("extra.yaml"))
                .contains("error: missing required key :pools: > debian > template")
                .contains("REDIS_PORT");
    }

    @Test
    void aLogfileWhoseFolderIsMissingIsAnError() throws Exception {
        Path file = write("vmpooler.yaml", """
                :config:
                  logfile: /Users/someone/vmpooler/vmpooler.log
                """);

        assertThat(check(file.toString())).isEqualTo(1);

        assertThat(output()).contains("error: the folder /Users/someone/vmpooler").contains("does not exist");
    }

    @Test
    void aMissingFileOrAnOptionIsAUsageError() {
        assertThat(check("nowhere.yaml")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("nowhere.yaml is not a file");
        assertThat(check("--bogus")).isEqualTo(2);
        assertThat(check("--help")).isZero();
        assertThat(output()).contains("usage: vmpooler check-config [FILE]");
    }
}
