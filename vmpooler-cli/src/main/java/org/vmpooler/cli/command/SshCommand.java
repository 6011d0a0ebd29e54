package org.vmpooler.cli.command;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import org.vmpooler.cli.CliFailure;
import org.vmpooler.cli.ExitCode;
import org.vmpooler.cli.checkout.RequestedVms;

/** Checks out one VM and opens an ssh session to it, as root (Administrator on Windows templates). */
@Command(name = "ssh", description = "Check out one VM of POOL and ssh to it; arguments after POOL go to ssh.")
final class SshCommand extends PoolerCommand {
    @Parameters(index = "0", paramLabel = "POOL")
    String pool;

    @Parameters(index = "1..*", paramLabel = "SSH-ARG")
    List<String> sshArguments = new ArrayList<>();

    @Mixin
    CheckoutOptions options;

    @Override
    protected ExitCode run() {
        Path ssh = findSsh();
        RequestedVms one = RequestedVms.parse(List.of(pool), false);
        var checkout = options.checkout(client(), terminal());
        Map<String, List<String>> hosts = options.ondemand ? checkout.onDemand(one, options.auth(client()))
                : checkout.fromPools(one, options.auth(client()));
        String host = hosts.values().stream().flatMap(List::stream).findFirst().orElseThrow(() -> new CliFailure(
                ExitCode.FAILED, "the server answered without a hostname for " + pool));
        String login = pool.toLowerCase(Locale.ROOT).contains("win") ? "Administrator" : "root";
        terminal().err().println("Checked out " + host + " (" + pool + "); connecting as " + login);
        List<String> command = new ArrayList<>(List.of(ssh.toString(), login + "@" + host));
        command.addAll(sshArguments);
        return runSsh(command);
    }

    /** Looked up before the checkout, so a missing ssh does not leave a VM checked out for nothing. */
    private Path findSsh() {
        String path = terminal().env("PATH").orElse("");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "ssh");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new CliFailure(ExitCode.USAGE, "ssh not found on PATH");
    }

    private ExitCode runSsh(List<String> command) {
        try {
            int status = new ProcessBuilder(command).inheritIO().start().waitFor();
            if (status != 0) {
                throw new CliFailure(ExitCode.FAILED, "ssh exited with status " + status);
            }
            return ExitCode.OK;
        } catch (IOException e) {
            throw new CliFailure(ExitCode.FAILED, "cannot run " + command.getFirst() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(ExitCode.FAILED, "interrupted while ssh was running");
        }
    }
}
