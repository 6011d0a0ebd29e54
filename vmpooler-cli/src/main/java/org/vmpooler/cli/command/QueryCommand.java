package org.vmpooler.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import org.vmpooler.cli.ExitCode;
import org.vmpooler.cli.http.ApiReply.Subject;
import org.vmpooler.cli.http.PoolerClient;

@Command(name = "query", description = "Show one VM: state, template, lifetime, tags, snapshots …")
final class QueryCommand extends PoolerCommand {
    @Parameters(paramLabel = "HOSTNAME", description = "short name or FQDN")
    String hostname;

    @Override
    protected ExitCode run() {
        print(client().get("vm/" + PoolerClient.segment(hostname))
                .orFail(Subject.of("querying " + hostname, "unknown VM: " + hostname)).body());
        return ExitCode.OK;
    }
}
