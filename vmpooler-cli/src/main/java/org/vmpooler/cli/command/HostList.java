package org.vmpooler.cli.command;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.vmpooler.cli.CliFailure;

/** Host names given as several arguments and/or comma-separated, as vmfloaty accepts them. */
final class HostList {
    private HostList() {
    }

    static List<String> of(List<String> arguments, boolean all, String command) {
        List<String> hosts = new ArrayList<>();
        if (arguments != null) {
            arguments.forEach(argument -> Arrays.stream(argument.split(",")).map(String::trim)
                    .filter(host -> !host.isEmpty()).forEach(hosts::add));
        }
        if (all && !hosts.isEmpty()) {
            throw CliFailure.usage(command + ": give host names or --all, not both");
        }
        if (!all && hosts.isEmpty()) {
            throw CliFailure.usage(command + ": give at least one host name, or --all");
        }
        return hosts;
    }
}
