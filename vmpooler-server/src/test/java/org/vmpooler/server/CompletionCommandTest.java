package org.vmpooler.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The completion script, sourced in a real bash and asked what it would offer after a partial command line. */
class CompletionCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return CompletionCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** What bash offers for {@code line} (the cursor at its end) with the generated script loaded. */
    private List<String> offered(String line) throws Exception {
        Path script = dir.resolve("vmpooler.bash");
        if (!Files.exists(script)) {
            assertThat(run("bash")).isZero();
            Files.writeString(script, out.toString(StandardCharsets.UTF_8));
        }
        Files.writeString(dir.resolve("ask.bash"), """
                source "$1"
                read -r -a COMP_WORDS <<< "$2"
                if [[ "$2" == *" " ]]; then COMP_WORDS+=(""); fi
                COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
                COMP_LINE="$2"
                COMP_POINT=${#COMP_LINE}
                _complete_vmpooler vmpooler "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
                printf '%s\\n' "${COMPREPLY[@]}"
                """);
        Process bash = new ProcessBuilder("bash", dir.resolve("ask.bash").toString(), script.toString(), line)
                .directory(dir.toFile()).redirectErrorStream(true).start();
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.exitValue()).as(output).isZero();
        return output.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    @Test
    void bashCompletesTheServiceAndTheClientCommands() throws Exception {
        assertThat(offered("vmpooler ")).contains("server", "api", "manager", "plugins", "check-config",
                "completion", "get", "list", "snapshot", "revert", "token");
        assertThat(offered("vmpooler che")).containsExactly("check-config");
        assertThat(offered("vmpooler s")).contains("server", "snapshot", "ssh", "status", "summary")
                .doesNotContain("get");
    }

    @Test
    void bashCompletesOptionsSubcommandsAndArguments() throws Exception {
        assertThat(offered("vmpooler get --")).contains("--ondemand", "--timeout", "--poll-interval");
        assertThat(offered("vmpooler token ")).contains("get", "delete", "status");
        assertThat(offered("vmpooler completion ")).containsExactlyInAnyOrder("bash", "zsh");
        Files.writeString(dir.resolve("vmpooler.yaml"), "");
        assertThat(offered("vmpooler check-config vmpooler.y")).contains("vmpooler.yaml");
    }

    @Test
    void zshGetsTheSameScriptThroughBashcompinit() {
        assertThat(run("zsh")).isZero();
        String zsh = out.toString(StandardCharsets.UTF_8);
        assertThat(zsh).startsWith("autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n")
                .contains("complete -F _complete_vmpooler");
    }

    @Test
    void aMissingOrUnknownShellSaysWhatToType() {
        assertThat(run()).isEqualTo(2);
        assertThat(run("fish")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("bash or zsh, not 'fish'")
                .contains("source <(bin/vmpooler completion bash)");
    }
}
