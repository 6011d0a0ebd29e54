package org.vmpooler.server;

import java.io.File;
import java.io.PrintStream;
import java.util.List;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import org.vmpooler.cli.VmpoolerCli;

/**
 * {@code vmpooler completion bash|zsh}: a completion script generated from the command definitions themselves
 * (the client's picocli tree plus the service's commands), so a new command or option completes without anyone
 * editing a script. zsh runs the bash script through its {@code bashcompinit} layer.
 */
final class CompletionCommand {
    static final List<String> SHELLS = List.of("bash", "zsh");
    private static final String USAGE = """
            usage: vmpooler completion bash|zsh
              bash: source <(bin/vmpooler completion bash)   (or save it under /etc/bash_completion.d/vmpooler)
              zsh:  source <(bin/vmpooler completion zsh)    (in ~/.zshrc, after compinit)
            """;

    private CompletionCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() == 1 && List.of("-h", "--help").contains(args.getFirst())) {
            out.print(USAGE);
            return 0;
        }
        if (args.size() != 1 || !SHELLS.contains(args.getFirst())) {
            err.println("vmpooler: completion needs the shell's name, bash or zsh"
                    + (args.isEmpty() ? "" : ", not '" + String.join(" ", args) + "'"));
            err.print(USAGE);
            return 2;
        }
        String bash = AutoComplete.bash("vmpooler", commandTree());
        out.print(args.getFirst().equals("zsh")
                ? "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n" + bash : bash);
        return 0;
    }

    /** The client's commands and the service's, as one tree. */
    static CommandLine commandTree() {
        CommandLine tree = VmpoolerCli.commandTree();
        for (String role : List.of("server", "api", "manager", "plugins")) {
            tree.addSubcommand(role, new CommandLine(CommandSpec.create()));
        }
        tree.addSubcommand("check-config", new CommandLine(CommandSpec.create().addPositional(
                PositionalParamSpec.builder().paramLabel("FILE").type(File.class).arity("0..1").build())));
        tree.addSubcommand("completion", new CommandLine(CommandSpec.create().addPositional(
                PositionalParamSpec.builder().paramLabel("SHELL").arity("1").completionCandidates(SHELLS).build())));
        return tree;
    }
}
