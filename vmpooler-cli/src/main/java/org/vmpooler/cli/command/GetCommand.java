package org.vmpooler.cli.command;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.vmpooler.cli.ExitCode;
import org.vmpooler.cli.checkout.RequestedVms;
import org.vmpooler.cli.checkout.VmCheckout;

@Command(name = "get", description = "Check out VMs: POOL or POOL=COUNT, several pools at once.")
final class GetCommand extends PoolerCommand {
    @Parameters(arity = "1..*", paramLabel = "POOL[=COUNT]")
    List<String> pools;

    @Option(names = "--force", description = "allow more than 5 VMs of one pool")
    boolean force;

    @Mixin
    CheckoutOptions options;

    @Override
    protected ExitCode run() {
        RequestedVms requested = RequestedVms.parse(pools, force);
        VmCheckout checkout = options.checkout(client(), terminal());
        Map<String, List<String>> hosts = options.ondemand
                ? checkout.onDemand(requested, options.auth(client()))
                : checkout.fromPools(requested, options.auth(client()));
        if (json) {
            ObjectNode out = Output.MAPPER.createObjectNode();
            hosts.forEach((pool, names) -> names.forEach(out.withArray(pool)::add));
            printJson(out);
        } else {
            hosts.forEach((pool, names) -> names.forEach(name -> println("- " + name + " (" + pool + ")")));
        }
        return ExitCode.OK;
    }
}
