package org.vmpooler.cli.command;

import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import org.vmpooler.cli.ExitCode;
import org.vmpooler.cli.Terminal;
import org.vmpooler.cli.config.ConnectionSettings;
import org.vmpooler.cli.config.SettingsResolver;
import org.vmpooler.cli.http.PoolerClient;

/** A command that talks to vmpooler: resolves the connection, runs, and reports with an exit code. */
public abstract class PoolerCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--json", description = "print JSON instead of text")
    boolean json;

    @Spec
    CommandSpec spec;

    private PoolerClient client;

    @Override
    public final Integer call() {
        return run().code();
    }

    protected abstract ExitCode run();

    protected Terminal terminal() {
        return ((ClientCommands) spec.root().userObject()).terminal();
    }

    protected PoolerClient client() {
        if (client == null) {
            client = new PoolerClient(new SettingsResolver(terminal()).resolve(connection.flags()));
        }
        return client;
    }

    protected ConnectionSettings settings() {
        return client().settings();
    }

    protected void println(String line) {
        terminal().out().println(line);
    }

    protected void printJson(JsonNode value) {
        terminal().out().println(Output.json(value));
    }

    /** {@code value} as JSON with --json, else as readable indented text. */
    protected void print(JsonNode value) {
        terminal().out().print(json ? Output.json(value) + System.lineSeparator() : Output.text(value));
    }
}
