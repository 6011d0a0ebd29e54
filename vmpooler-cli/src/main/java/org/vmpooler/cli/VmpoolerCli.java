package org.vmpooler.cli;

import java.io.Console;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;

import picocli.CommandLine;

import org.vmpooler.cli.command.ClientCommands;

/**
 * The vmpooler command-line client: floaty's commands against the REST API v3. Runs in-process with the
 * environment and streams given, and answers an exit code (see {@link ExitCode}) instead of exiting.
 */
public final class VmpoolerCli {
    private VmpoolerCli() {
    }

    /** Run from a real process: prompts are possible only when a terminal is attached. */
    public static int run(String[] args, Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
        return run(args, new Terminal(env, in, out, err, hasTerminal()));
    }

    public static int run(String[] args, Terminal terminal) {
        CommandLine commandLine = commandLine(terminal);
        int status = commandLine.execute(args);
        terminal.out().flush();
        terminal.err().flush();
        return status;
    }

    /** The client's command tree, with no terminal behind it: for generating shell completion from it. */
    public static CommandLine commandTree() {
        return commandLine(new Terminal(Map.of(), InputStream.nullInputStream(), System.out, System.err, false));
    }

    /** The list of client commands, for the launcher's combined help. */
    public static String commandList() {
        return commandLine(new Terminal(Map.of(), InputStream.nullInputStream(), System.out, System.err, false))
                .getHelp().commandList();
    }

    private static CommandLine commandLine(Terminal terminal) {
        CommandLine commandLine = new CommandLine(new ClientCommands(terminal));
        // Everything after `ssh POOL` belongs to ssh itself (-A, -L …), not to the client.
        commandLine.getSubcommands().get("ssh").setStopAtPositional(true);
        commandLine.setOut(new PrintWriter(terminal.out(), true));
        commandLine.setErr(new PrintWriter(terminal.err(), true));
        commandLine.setExecutionExceptionHandler((failure, command, parsed) -> {
            if (failure instanceof CliFailure cli) {
                terminal.err().println(command.getCommandSpec().qualifiedName() + ": " + cli.getMessage());
                return cli.exitCode().code();
            }
            // A bug of the client: say what broke; the trace only for those who ask (VMPOOLER_DEBUG).
            terminal.err().println(command.getCommandSpec().qualifiedName() + ": unexpected error: " + failure);
            if (terminal.env("VMPOOLER_DEBUG").isPresent()) {
                failure.printStackTrace(terminal.err());
            }
            return ExitCode.FAILED.code();
        });
        commandLine.setParameterExceptionHandler((failure, args) -> {
            terminal.err().println("vmpooler: " + failure.getMessage());
            terminal.err().println("Try '" + failure.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCode.USAGE.code();
        });
        return commandLine;
    }

    private static boolean hasTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // Since Java 22 a console may exist with redirected streams; isTerminal tells the two apart.
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
