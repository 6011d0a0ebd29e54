package org.vmpooler.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.ScopeType;

import org.vmpooler.cli.Terminal;

/** The client's command tree; the terminal it holds is what every command reads and writes. */
@Command(name = "vmpooler", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, version = "vmpooler client 0.1",
        description = "Command-line client of vmpooler (REST API v3), configured like vmfloaty by ~/.vmfloaty.yml.",
        subcommands = {GetCommand.class, ListCommand.class, QueryCommand.class, ModifyCommand.class,
                DeleteCommand.class, SnapshotCommand.class, RevertCommand.class, DiskCommand.class,
                StatusCommand.class, SummaryCommand.class, TokenCommand.class, SshCommand.class, HelpCommand.class})
public final class ClientCommands {
    private final Terminal terminal;

    public ClientCommands(Terminal terminal) {
        this.terminal = terminal;
    }

    Terminal terminal() {
        return terminal;
    }
}
