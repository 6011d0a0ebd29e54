package org.vmpooler.cli.command;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import org.vmpooler.cli.ExitCode;
import org.vmpooler.cli.http.ApiReply.Subject;
import org.vmpooler.cli.http.PoolerClient;

@Command(name = "snapshot", description = "Take a snapshot of a VM; prints the snapshot's name for revert.")
final class SnapshotCommand extends PoolerCommand {
    @Parameters(paramLabel = "HOST")
    String host;

    @Override
    protected ExitCode run() {
        JsonNode body = client().post("vm/" + PoolerClient.segment(host) + "/snapshot",
                PoolerClient.Auth.token(settings().token()))
                .orFail(Subject.of("taking a snapshot of " + host, "unknown VM: " + host)).body();
        if (json) {
            printJson(body);
            return ExitCode.OK;
        }
        // The name alone on standard output, so that S=$(vmpooler snapshot H); vmpooler revert H "$S" works.
        body.properties().stream().filter(entry -> entry.getValue().has("snapshot")).findFirst()
                .ifPresent(entry -> {
                    String name = entry.getValue().get("snapshot").asText();
                    println(name);
                    terminal().err().println("Snapshot " + name + " of " + entry.getKey() + " pending");
                });
        return ExitCode.OK;
    }
}
