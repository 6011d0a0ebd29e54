package org.vmpooler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpooler.cli.support.CliRun;
import org.vmpooler.cli.support.CliServerTestBase;
import org.vmpooler.cli.support.RecordedRoutes;
import org.vmpooler.domain.VmState;

class OndemandAndSshTest extends CliServerTestBase {
    private static final String REQUEST = "0efed46f-175e-4394-898c-536cd04b38c1";

    @TempDir
    Path bin;

    private Map<String, String> fakeSsh(int status) throws IOException {
        Path ssh = bin.resolve("ssh");
        Files.writeString(ssh, "#!/bin/sh\necho \"$@\" > '" + bin.resolve("args") + "'\nexit " + status + "\n");
        Files.setPosixFilePermissions(ssh, PosixFilePermissions.fromString("rwxr-xr-x"));
        return Map.of("PATH", bin.toString());
    }

    private String sshArguments() throws IOException {
        return Files.readString(bin.resolve("args")).trim();
    }

    @Test
    void ondemandWaitsShowingProgressThenPrintsTheVms() {
        startServer(RecordedRoutes.ondemand(REQUEST, Map.of("debian", List.of("poolvm-odd-lemur.example.com",
                "poolvm-pale-beaver.example.com"))));
        simpleConfig();

        CliRun run = run("get", "debian=2", "--ondemand", "--poll-interval", "10");

        assertThat(run.exit()).isZero();
        assertThat(run.err()).contains("Requested debian=2 on demand (request " + REQUEST + ")")
                .contains("Waiting for request " + REQUEST + ": debian 0/2 ready");
        assertThat(run.out()).isEqualTo("- poolvm-odd-lemur.example.com (debian)\n"
                + "- poolvm-pale-beaver.example.com (debian)\n");
    }

    @Test
    void aFailedOndemandRequestIsAFailureWithTheServersReason() {
        startServer(RecordedRoutes.failedOndemand(REQUEST));
        simpleConfig();

        CliRun run = run("get", "debian", "--ondemand", "--poll-interval", "10", "--json");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("on-demand request " + REQUEST + " did not complete: The request failed");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void sshOpensASessionAsRootOnTheCheckedOutVm() throws IOException {
        startServer();
        simpleConfig();
        ready("debian-12-x86_64", "poolvm-witty-lemur");

        CliRun run = run(fakeSsh(0), "ssh", "debian", "-A");

        assertThat(run.exit()).isZero();
        assertThat(sshArguments()).isEqualTo("root@poolvm-witty-lemur.example.com -A");
    }

    @Test
    void sshToWindowsLogsInAsAdministratorAndPassesOnSshFailures() throws IOException {
        startServer();
        simpleConfig();
        ready("win-2022-x86_64", "poolvm-win-fox");

        CliRun run = run(fakeSsh(255), "ssh", "win-2022-x86_64");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("ssh exited with status 255");
        assertThat(sshArguments()).isEqualTo("Administrator@poolvm-win-fox.example.com");
    }

    @Test
    void sshWithoutSshOnPathChecksNothingOut() {
        startServer();
        simpleConfig();
        ready("debian-12-x86_64", "poolvm-witty-lemur");

        CliRun run = run("ssh", "debian");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("ssh not found on PATH");
        assertThat(store.count("debian-12-x86_64", VmState.READY)).isEqualTo(1);
    }

    @Test
    void sshToAnEmptyPoolFails() throws IOException {
        startServer();
        simpleConfig();

        CliRun run = run(fakeSsh(0), "ssh", "debian");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("no ready VM left for debian");
        assertThat(bin.resolve("args")).doesNotExist();
    }
}
