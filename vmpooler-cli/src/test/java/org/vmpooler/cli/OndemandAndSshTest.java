package org.vmpooler.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpooler.cli.checkout.RequestedVms;
import org.vmpooler.cli.checkout.VmCheckout;
import org.vmpooler.cli.config.ConnectionSettings;
import org.vmpooler.cli.http.PoolerClient;
import org.vmpooler.cli.support.CliRun;
import org.vmpooler.cli.support.CliServerTestBase;
import org.vmpooler.domain.VmState;
import org.vmpooler.testing.MutableClock;

/** get --ondemand against the real on-demand routes and pool manager, and ssh with a fake ssh on PATH. */
class OndemandAndSshTest extends CliServerTestBase {
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
        startServer();
        startManager();
        simpleConfig();

        CliRun run = run("get", "centos-9-x86_64=2", "debian", "--ondemand", "--poll-interval", "100", "--json");

        assertThat(run.exit()).isZero();
        assertThat(run.err()).containsPattern("Requested centos-9-x86_64=2, debian on demand \\(request [0-9a-f-]{36}\\)")
                .containsPattern("Waiting for request [0-9a-f-]{36}: centos-9-x86_64 [0-2]/2 ready, debian [01]/1 ready");
        assertThat(run.out()).containsPattern("\"centos-9-x86_64\" : \\[ \"[a-z0-9-]+\\.example\\.com\", "
                + "\"[a-z0-9-]+\\.example\\.com\" \\]").containsPattern("\"debian\" : \\[ \"[a-z0-9-]+\\.example\\.com\" \\]");
        assertThat(store.vms("centos-9-x86_64", VmState.RUNNING)).hasSize(2);
    }

    @Test
    void aFailedOndemandRequestIsAFailureWithTheServersReason() throws Exception {
        startServer();
        simpleConfig();

        CompletableFuture<CliRun> waiting = CompletableFuture.supplyAsync(
                () -> run("get", "debian", "--ondemand", "--poll-interval", "50", "--json"));
        String id = await().atMost(Duration.ofSeconds(30)).until(store::newOndemandRequests, r -> !r.isEmpty())
                .getFirst().id();
        // What the manager does when the request outlives ondemand_request_ttl.
        store.failOndemandRequest(id, "The request failed to provision instances in time", Duration.ofHours(1));
        CliRun run = waiting.get(60, TimeUnit.SECONDS);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("on-demand request " + id + " did not complete: ").contains("failed");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anOndemandRequestNotReadyInTimeIsAFailureThatSaysItGoesOn() {
        startServer();
        simpleConfig();

        CliRun run = run("get", "centos-9-x86_64", "--ondemand", "--timeout", "1", "--poll-interval", "50");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).containsPattern("on-demand request [0-9a-f-]{36} was not ready after 1 s "
                + "\\(centos-9-x86_64 0/1 ready\\); it goes on on the server");
        assertThat(store.newOndemandRequests()).hasSize(1);
    }

    @Test
    void aTimeoutShorterThanThePollIntervalIsKept() {
        startServer();
        simpleConfig();
        MutableClock fake = new MutableClock(Instant.parse("2026-11-23T21:20:34Z"), ZoneOffset.UTC);
        List<Duration> slept = new ArrayList<>();
        VmCheckout checkout = new VmCheckout(new PoolerClient(new ConnectionSettings(URI.create(apiUrl()),
                Optional.of(TOKEN), Optional.of(USER))), new Terminal(Map.of(), InputStream.nullInputStream(),
                new PrintStream(OutputStream.nullOutputStream()), new PrintStream(OutputStream.nullOutputStream()),
                false), Duration.ofSeconds(5), Duration.ofSeconds(1), fake, duration -> {
                    slept.add(duration);
                    fake.advance(duration);
                });

        assertThatThrownBy(() -> checkout.onDemand(RequestedVms.parse(List.of("centos-9-x86_64"), false),
                PoolerClient.Auth.token(Optional.of(TOKEN)))).hasMessageContaining("was not ready after 1 s");
        assertThat(slept).as("waited no longer than --timeout, though polls are 5 s apart")
                .containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void ondemandForAnUnknownPoolFailsNamingIt() {
        startServer();
        simpleConfig();

        CliRun run = run("get", "nosuchpool", "--ondemand");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("unknown pool or alias in nosuchpool ('vmpooler list' shows them) (HTTP 404)").contains("nosuchpool");
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
