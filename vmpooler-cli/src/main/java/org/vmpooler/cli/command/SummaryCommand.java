package org.vmpooler.cli.command;

import picocli.CommandLine.Command;

import org.vmpooler.cli.ExitCode;
import org.vmpooler.cli.http.ApiReply.Subject;

@Command(name = "summary", description = "Show today's clone, boot and tag statistics.")
final class SummaryCommand extends PoolerCommand {
    @Override
    protected ExitCode run() {
        print(client().get("summary").orFail(Subject.of("getting the summary", "the server has no summary")).body());
        return ExitCode.OK;
    }
}
