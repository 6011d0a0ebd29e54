package org.vmpooler.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.vmpooler.cli.CliFailure;
import org.vmpooler.cli.ExitCode;
import org.vmpooler.cli.http.ApiReply.Subject;
import org.vmpooler.cli.http.PoolerClient;

@Command(name = "revert", description = "Revert a VM to a snapshot: revert HOST SNAPSHOT (or --snapshot SNAPSHOT).")
final class RevertCommand extends PoolerCommand {
    @Parameters(index = "0", paramLabel = "HOST")
    String host;

    @Parameters(index = "1", arity = "0..1", paramLabel = "SNAPSHOT")
    String snapshotArgument;

    @Option(names = "--snapshot", paramLabel = "SNAPSHOT")
    String snapshotOption;

    @Override
    protected ExitCode run() {
        if ((snapshotArgument == null) == (snapshotOption == null)) {
            throw CliFailure.usage("revert: give the snapshot once, as an argument or with --snapshot");
        }
        String snapshot = snapshotArgument != null ? snapshotArgument : snapshotOption;
        var body = client().post("vm/" + PoolerClient.segment(host) + "/snapshot/" + PoolerClient.segment(snapshot),
                PoolerClient.Auth.token(settings().token())).orFail(Subject.of("reverting " + host,
                "unknown VM or snapshot: " + host + " has no snapshot " + snapshot)).body();
        if (json) {
            printJson(body);
        } else {
            println("Reverting " + host + " to snapshot " + snapshot);
        }
        return ExitCode.OK;
    }
}
