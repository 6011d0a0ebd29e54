package org.vmpooler.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpooler.cli.CliFailure;
import org.vmpooler.cli.ExitCode;
import org.vmpooler.cli.Terminal;

class SettingsResolverTest {
    private static final SettingsResolver.Flags NO_FLAGS = new SettingsResolver.Flags(null, null, null, null);

    @TempDir
    Path home;

    private ConnectionSettings resolve(String file, Map<String, String> env, SettingsResolver.Flags flags)
            throws IOException {
        if (file != null) {
            Files.writeString(home.resolve(".vmfloaty.yml"), file);
        }
        Map<String, String> all = new HashMap<>(env);
        all.put("HOME", home.toString());
        Terminal terminal = new Terminal(all, InputStream.nullInputStream(), new PrintStream(PrintStream.nullOutputStream()),
                new PrintStream(PrintStream.nullOutputStream()), false);
        return new SettingsResolver(terminal).resolve(flags);
    }

    @Test
    void simpleFormGivesUrlTokenAndUser() throws IOException {
        ConnectionSettings settings = resolve("user: jdoe\nurl: https://pooler.example.net/api/v3/\ntoken: abc\n",
                Map.of(), NO_FLAGS);

        assertThat(settings.baseUrl()).hasToString("https://pooler.example.net/api/v3");
        assertThat(settings.token()).contains("abc");
        assertThat(settings.user()).contains("jdoe");
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsServiceWhichBeatsTopLevel() throws IOException {
        String file = """
                user: top
                url: https://top.example.net/api/v3
                token: toptoken
                services:
                  prod:
                    url: https://prod.example.net/api/v3
                    token: prodtoken
                """;

        ConnectionSettings fromFile = resolve(file, Map.of(), NO_FLAGS);
        ConnectionSettings fromEnv = resolve(file, Map.of("VMPOOLER_TOKEN", "envtoken"), NO_FLAGS);
        ConnectionSettings fromFlags = resolve(file, Map.of("VMPOOLER_TOKEN", "envtoken", "VMPOOLER_URL", "http://env"),
                new SettingsResolver.Flags("http://flag:4567/api/v3", "flagtoken", "flaguser", null));

        assertThat(fromFile.baseUrl()).hasToString("https://prod.example.net/api/v3");
        assertThat(fromFile.token()).contains("prodtoken");
        assertThat(fromFile.user()).contains("top");
        assertThat(fromEnv.token()).contains("envtoken");
        assertThat(fromFlags.baseUrl()).hasToString("http://flag:4567/api/v3");
        assertThat(fromFlags.token()).contains("flagtoken");
        assertThat(fromFlags.user()).contains("flaguser");
    }

    @Test
    void serviceFlagSelectsANamedServiceAndTheFirstIsTheDefault() throws IOException {
        String file = """
                services:
                  first:
                    url: https://one.example.net/api/v3
                  second:
                    type: vmpooler
                    url: https://two.example.net/api/v3
                """;

        assertThat(resolve(file, Map.of(), NO_FLAGS).baseUrl()).hasToString("https://one.example.net/api/v3");
        assertThat(resolve(file, Map.of(), new SettingsResolver.Flags(null, null, null, "second")).baseUrl())
                .hasToString("https://two.example.net/api/v3");
        assertThat(resolve(file, Map.of("VMPOOLER_SERVICE", "second"), NO_FLAGS).baseUrl())
                .hasToString("https://two.example.net/api/v3");
    }

    @Test
    void unknownServiceAndNonVmpoolerTypesAreUsageErrors() {
        String file = "services:\n  abs-prod:\n    type: abs\n    url: https://abs.example.net/api/v2\n";

        assertThatThrownBy(() -> resolve(file, Map.of(), new SettingsResolver.Flags(null, null, null, "nope")))
                .isInstanceOf(CliFailure.class).hasMessageContaining("service 'nope' is not defined")
                .hasMessageContaining("abs-prod");
        assertThatThrownBy(() -> resolve(file, Map.of(), NO_FLAGS))
                .hasMessageContaining("type 'abs'").hasMessageContaining("only speaks to vmpooler");
    }

    @Test
    void aUrlWithoutSchemeGetsHttpsAndAMissingUrlIsNamed() throws IOException {
        assertThat(resolve(null, Map.of("VMPOOLER_URL", "pooler.example.net/api/v3"), NO_FLAGS).baseUrl())
                .hasToString("https://pooler.example.net/api/v3");
        assertThatThrownBy(() -> resolve(null, Map.of(), NO_FLAGS))
                .isInstanceOfSatisfying(CliFailure.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("no vmpooler URL").hasMessageContaining("VMPOOLER_URL");
    }

    @Test
    void aBrokenFileIsAnErrorNamingItNotAnEmptyConfiguration() {
        assertThatThrownBy(() -> resolve("url: [unclosed\n", Map.of(), NO_FLAGS))
                .isInstanceOf(CliFailure.class).hasMessageContaining(".vmfloaty.yml is not valid YAML");
    }

    @Test
    void theTokenIsRequiredOnlyWhenACommandNeedsIt() throws IOException {
        ConnectionSettings settings = resolve("url: http://127.0.0.1:1/api/v3\n", Map.of(), NO_FLAGS);

        assertThat(settings.token()).isEqualTo(Optional.empty());
        assertThatThrownBy(settings::requireToken).isInstanceOfSatisfying(CliFailure.class,
                e -> assertThat(e.exitCode()).isEqualTo(ExitCode.AUTH)).hasMessageContaining("vmpooler token get");
    }
}
