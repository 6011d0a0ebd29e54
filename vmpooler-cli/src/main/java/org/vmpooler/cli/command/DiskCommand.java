package org.vmpooler.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import org.vmpooler.cli.CliFailure;
import org.vmpooler.cli.ExitCode;
import org.vmpooler.cli.http.ApiReply.Subject;
import org.vmpooler.cli.http.PoolerClient;

@Command(name = "disk", description = "Add a disk of SIZE GB to a VM.")
final class DiskCommand extends PoolerCommand {
    @Parameters(index = "0", paramLabel = "HOST")
    String host;

    @Parameters(index = "1", paramLabel = "SIZE")
    int size;

    @Override
    protected ExitCode run() {
        if (size < 1) {
            throw CliFailure.usage("disk: SIZE must be at least 1 (GB)");
        }
        var body = client().post("vm/" + PoolerClient.segment(host) + "/disk/" + size,
                PoolerClient.Auth.token(settings().token()))
                .orFail(Subject.of("adding a disk to " + host, "unknown VM: " + host)).body();
        if (json) {
            printJson(body);
        } else {
            println("Adding a " + size + " GB disk to " + host);
        }
        return ExitCode.OK;
    }
}
