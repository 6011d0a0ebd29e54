package org.vmpooler.cli.command;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.vmpooler.cli.CliFailure;
import org.vmpooler.cli.ExitCode;
import org.vmpooler.cli.http.ApiReply;
import org.vmpooler.cli.http.ApiReply.Subject;
import org.vmpooler.cli.http.PoolerClient;

@Command(name = "delete", description = "Give VMs back (HOST[,HOST...] or --all).")
final class DeleteCommand extends PoolerCommand {
    @Parameters(arity = "0..*", paramLabel = "HOST")
    List<String> hostArguments;

    @Option(names = "--all", description = "every VM running with your token")
    boolean all;

    @Option(names = {"-f", "--force"}, description = "with --all: do not ask for confirmation")
    boolean force;

    @Override
    protected ExitCode run() {
        List<String> hosts = HostList.of(hostArguments, all, "delete");
        if (all) {
            hosts = TokenVms.running(client());
            if (hosts.isEmpty()) {
                if (json) {
                    printJson(Output.MAPPER.createArrayNode());
                } else {
                    println("You have no running VMs.");
                }
                return ExitCode.OK;
            }
            confirm(hosts);
        }
        PoolerClient.Auth auth = PoolerClient.Auth.token(settings().token());
        List<String> deleted = new ArrayList<>();
        List<CliFailure> failures = new ArrayList<>();
        for (String host : hosts) {
            ApiReply reply = client().delete("vm/" + PoolerClient.segment(host), auth);
            if (reply.ok()) {
                deleted.add(host);
            } else {
                failures.add(reply.failure(Subject.of("deleting " + host, host + ": unknown VM")
                        .whenUnauthorized(host + ": the server rejected the token (the VM was checked out with one)")));
            }
        }
        report(deleted, failures);
        return CliFailure.exitCodeOf(failures);
    }

    private void confirm(List<String> hosts) {
        if (force) {
            return;
        }
        if (!terminal().interactive()) {
            throw CliFailure.usage("delete --all: confirm on a terminal, or add --force");
        }
        if (!terminal().confirm("Delete " + String.join(", ", hosts) + "?")) {
            throw new CliFailure(ExitCode.FAILED, "nothing deleted");
        }
    }

    private void report(List<String> deleted, List<CliFailure> failures) {
        if (json) {
            ArrayNode names = Output.MAPPER.createArrayNode();
            deleted.forEach(names::add);
            printJson(names);
        } else if (!deleted.isEmpty()) {
            println("Scheduled the following VMs for deletion:");
            deleted.forEach(host -> println("- " + host));
        }
        if (!failures.isEmpty()) {
            terminal().err().println("Unable to delete the following VMs:");
            failures.forEach(failure -> terminal().err().println("- " + failure.getMessage()));
        }
    }
}
