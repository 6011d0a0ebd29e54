package org.vmpooler.cli.command;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.vmpooler.cli.ExitCode;
import org.vmpooler.cli.http.ApiReply.Subject;

/** The pools that are not full (all with --verbose) and the server's status message. */
@Command(name = "status", description = "Show pools that are not full (all with --verbose) and the server's status.")
final class StatusCommand extends PoolerCommand {
    @Option(names = "--verbose", description = "show every pool")
    boolean verbose;

    @Override
    protected ExitCode run() {
        JsonNode body = client().get("status").orFail(Subject.of("getting the status", "no status at "
                + settings().baseUrl() + "/status: does the URL end with /api/v3?")).body();
        if (json) {
            printJson(body);
            return ExitCode.OK;
        }
        int width = 4;
        for (var pool : body.path("pools").properties()) {
            width = Math.max(width, pool.getKey().length());
        }
        String format = "%-" + width + "s  ready %3d  pending %3d  max %3d%n";
        for (var pool : body.path("pools").properties()) {
            int ready = pool.getValue().path("ready").asInt();
            int max = pool.getValue().path("max").asInt();
            if (verbose || ready < max) {
                terminal().out().printf(format, pool.getKey(), ready, pool.getValue().path("pending").asInt(), max);
            }
        }
        println(body.path("status").path("message").asText(""));
        return ExitCode.OK;
    }
}
