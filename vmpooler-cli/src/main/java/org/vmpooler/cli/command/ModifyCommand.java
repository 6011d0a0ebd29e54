package org.vmpooler.cli.command;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.vmpooler.cli.CliFailure;
import org.vmpooler.cli.ExitCode;
import org.vmpooler.cli.http.ApiReply;
import org.vmpooler.cli.http.ApiReply.Subject;
import org.vmpooler.cli.http.PoolerClient;

/**
 * Changes the lifetime and tags of VMs ({@code PUT vm/<h>}) and adds disks ({@code POST vm/<h>/disk/<gb>}).
 * Every host is tried; the exit status is non-zero if any change failed.
 */
@Command(name = "modify", description = "Change lifetime, tags or disks of VMs (HOST[,HOST...] or --all).")
final class ModifyCommand extends PoolerCommand {
    @Parameters(arity = "0..*", paramLabel = "HOST")
    List<String> hostArguments;

    @Option(names = "--all", description = "every VM running with your token")
    boolean all;

    @Option(names = "--lifetime", paramLabel = "HOURS", description = "new lifetime in hours")
    Integer lifetime;

    @Option(names = "--tags", paramLabel = "JSON", description = "tags as a JSON object, e.g. '{\"project\":\"x\"}'")
    String tags;

    @Option(names = "--disk", paramLabel = "GB", description = "add a disk of this size")
    Integer disk;

    @Override
    protected ExitCode run() {
        List<String> hosts = HostList.of(hostArguments, all, "modify");
        ObjectNode change = change();
        if (change.isEmpty() && disk == null) {
            throw CliFailure.usage("modify: nothing to change: give --lifetime, --tags or --disk");
        }
        if (all) {
            hosts = TokenVms.running(client());
        }
        PoolerClient.Auth auth = PoolerClient.Auth.token(settings().token());
        ObjectNode results = Output.MAPPER.createObjectNode();
        List<CliFailure> failures = new ArrayList<>();
        for (String host : hosts) {
            List<ApiReply> replies = new ArrayList<>();
            if (!change.isEmpty()) {
                replies.add(client().put("vm/" + PoolerClient.segment(host), change, auth));
            }
            if (disk != null) {
                replies.add(client().post("vm/" + PoolerClient.segment(host) + "/disk/" + disk, auth));
            }
            Subject subject = Subject.of("modifying " + host, "unknown VM: " + host);
            replies.stream().filter(reply -> !reply.ok()).findFirst().ifPresentOrElse(
                    failed -> failures.add(failed.failure(subject)),
                    () -> {
                        if (!json) {
                            println("Modified " + host);
                        }
                    });
            results.set(host, replies.getLast().body());
        }
        if (json) {
            printJson(results);
        }
        failures.forEach(failure -> terminal().err().println(failure.getMessage()));
        return CliFailure.exitCodeOf(failures);
    }

    private ObjectNode change() {
        ObjectNode change = Output.MAPPER.createObjectNode();
        if (lifetime != null) {
            if (lifetime < 1) {
                throw CliFailure.usage("--lifetime must be at least 1 hour");
            }
            change.put("lifetime", lifetime);
        }
        if (tags != null) {
            change.set("tags", tagObject());
        }
        if (disk != null && disk < 1) {
            throw CliFailure.usage("--disk must be at least 1 GB");
        }
        return change;
    }

    private JsonNode tagObject() {
        try {
            JsonNode parsed = Output.MAPPER.readTree(tags);
            if (parsed == null || !parsed.isObject()) {
                throw CliFailure.usage("--tags must be a JSON object, e.g. '{\"project\":\"x\"}'");
            }
            return parsed;
        } catch (JsonProcessingException e) {
            throw CliFailure.usage("--tags is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
