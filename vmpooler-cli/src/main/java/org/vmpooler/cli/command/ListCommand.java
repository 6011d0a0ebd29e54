package org.vmpooler.cli.command;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.vmpooler.cli.CliFailure;
import org.vmpooler.cli.ExitCode;
import org.vmpooler.cli.http.ApiReply.Subject;
import org.vmpooler.cli.http.PoolerClient;

@Command(name = "list", description = "List the pools (matching FILTER, a regular expression), or with --active your running VMs.")
final class ListCommand extends PoolerCommand {
    @Parameters(arity = "0..1", paramLabel = "FILTER")
    String filter;

    @Option(names = "--active", description = "list the VMs running with your token")
    boolean active;

    @Option(names = "--hostnameonly", description = "with --active: print only the host names")
    boolean hostnameOnly;

    @Override
    protected ExitCode run() {
        return active ? listActive() : listPools();
    }

    private ExitCode listPools() {
        Pattern pattern = pattern();
        JsonNode pools = client().get("vm").orFail(Subject.of("listing the pools", "the server has no pool list "
                + "at " + settings().baseUrl() + "/vm: does the URL end with /api/v3?")).body();
        ArrayNode matching = Output.MAPPER.createArrayNode();
        pools.forEach(pool -> {
            if (pattern.matcher(pool.asText()).find()) {
                matching.add(pool);
            }
        });
        if (json) {
            printJson(matching);
        } else {
            matching.forEach(pool -> println(pool.asText()));
        }
        return ExitCode.OK;
    }

    private Pattern pattern() {
        try {
            return Pattern.compile(filter == null ? "" : filter);
        } catch (PatternSyntaxException e) {
            throw CliFailure.usage("FILTER is not a valid regular expression: " + e.getDescription());
        }
    }

    private ExitCode listActive() {
        List<String> running = TokenVms.running(client());
        ObjectNode details = Output.MAPPER.createObjectNode();
        for (String vm : running) {
            details.set(vm, client().get("vm/" + PoolerClient.segment(vm))
                    .orFail(Subject.of("looking up " + vm, "unknown VM: " + vm)).body().path(vm));
        }
        if (json) {
            printJson(details);
        } else if (running.isEmpty()) {
            println("You have no running VMs on " + settings().host());
        } else {
            details.properties().forEach(entry -> println(hostnameOnly ? fqdn(entry.getKey(), entry.getValue())
                    : describe(entry.getKey(), entry.getValue())));
        }
        return ExitCode.OK;
    }

    private static String fqdn(String name, JsonNode vm) {
        if (vm.hasNonNull("fqdn")) {
            return vm.get("fqdn").asText();
        }
        return vm.hasNonNull("domain") ? name + "." + vm.get("domain").asText() : name;
    }

    private static String describe(String name, JsonNode vm) {
        StringBuilder line = new StringBuilder("- ").append(fqdn(name, vm)).append(" (")
                .append(vm.path("state").asText("unknown")).append(", ").append(vm.path("template").asText("?"))
                .append(", ").append(vm.path("running").asDouble(0)).append('/')
                .append(vm.path("lifetime").asText("?")).append(" hours");
        for (Map.Entry<String, JsonNode> tag : vm.path("tags").properties()) {
            line.append(", ").append(tag.getKey()).append(": ").append(tag.getValue().asText());
        }
        return line.append(')').toString();
    }
}
