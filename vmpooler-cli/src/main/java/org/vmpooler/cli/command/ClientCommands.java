package org.vmpooler.cli.command;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ScopeType;

import org.vmpooler.cli.Terminal;

/** The client's command tree; the terminal it holds is what every command reads and writes. */
@Command(name = "vmpooler", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = ClientCommands.BuildVersion.class,
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

    /** The build's version (the same Maven project version as every service role's), written in at build time. */
    static final class BuildVersion implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties build = new Properties();
            try (InputStream in = ClientCommands.class.getResourceAsStream("/org/vmpooler/cli/version.properties")) {
                build.load(in);
            }
            return new String[] {"vmpooler " + build.getProperty("version")};
        }
    }
}
