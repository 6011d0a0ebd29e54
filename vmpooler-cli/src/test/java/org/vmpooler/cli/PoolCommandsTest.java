package org.vmpooler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vmpooler.build.Version;
import org.vmpooler.cli.support.CliRun;
import org.vmpooler.cli.support.CliServerTestBase;
import org.vmpooler.domain.VmState;

/** list, status, get and query against the real server. */
class PoolCommandsTest extends CliServerTestBase {

    @BeforeEach
    void serverWithReadyVms() {
        startServer();
        simpleConfig();
        ready("debian-12-x86_64", "poolvm-witty-lemur");
        ready("debian-12-x86_64", "poolvm-sad-mole");
        ready("debian-12-x86_64", "poolvm-quick-kite");
    }

    @Test
    void listPrintsPoolsFilteredByRegex() {
        assertThat(run("list").out()).isEqualTo("debian-12-x86_64\ncentos-9-x86_64\nwin-2022-x86_64\n");
        assertThat(run("list", "^win").out()).isEqualTo("win-2022-x86_64\n");
        assertThat(run("list", "--json").out()).contains("[ \"debian-12-x86_64\", \"centos-9-x86_64\", \"win-2022-x86_64\" ]");
    }

    @Test
    void versionIsTheBuildsVersion() {
        CliRun run = run("--version");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("vmpooler " + Version.current() + "\n");
    }

    @Test
    void listWithABadRegexIsAUsageError() {
        CliRun run = run("list", "([");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("FILTER is not a valid regular expression");
    }

    @Test
    void statusShowsPoolsThatAreNotFullAndTheMessage() {
        CliRun run = run("status");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("debian-12-x86_64  ready   3  pending   0  max   5")
                .contains("win-2022-x86_64   ready   0  pending   0  max   1").contains("Found 1 empty pools.");
        assertThat(run("status", "--json").out()).contains("\"message\" : \"Found 1 empty pools.\"");
    }

    @Test
    void getChecksOutWithTheTokenAndPrintsHostnames() {
        CliRun run = run("get", "debian-12-x86_64");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).matches("- poolvm-[a-z0-9-]+\\.example\\.com \\(debian-12-x86_64\\)\\n");
        assertThat(store.runningVmsOfToken(TOKEN, java.util.List.of("debian-12-x86_64"))).hasSize(1);
    }

    @Test
    void getSeveralPoolsAndCountsAsJsonKeyedByTheNameAsRequested() {
        CliRun run = run("get", "debian=2", "debian-12-x86_64", "--json");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("\"debian\" : [ \"poolvm-").contains("\"debian-12-x86_64\" : [ \"poolvm-");
        assertThat(store.count("debian-12-x86_64", VmState.READY)).isZero();
    }

    @Test
    void getFromAnUnknownPoolFailsNamingIt() {
        CliRun run = run("get", "nosuchpool");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("unknown pool or alias in nosuchpool ('vmpooler list' shows them) (HTTP 404)");
    }

    @Test
    void getFromAnEmptyPoolSaysSoAndSuggestsOndemand() {
        CliRun run = run("get", "win-2022-x86_64");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("no ready VM left for win-2022-x86_64").contains("--ondemand")
                .contains("HTTP 503");
    }

    @Test
    void getWithABadTokenIsAnAuthenticationFailure() {
        CliRun run = run("get", "debian", "--token", "badtoken");

        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.err()).contains("the server rejected the token").contains("HTTP 401")
                .contains("make a new one with 'vmpooler token get'");
        assertThat(store.count("debian-12-x86_64", VmState.READY)).isEqualTo(3);
    }

    @Test
    void moreThanFiveOfOnePoolNeedsForceAndSendsNothingWithout() {
        CliRun refused = run("get", "debian=6");

        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("more than 5 needs --force");
        assertThat(store.count("debian-12-x86_64", VmState.READY)).isEqualTo(3);
        assertThat(run("get", "debian=6", "--force").err()).contains("HTTP 503");
    }

    @Test
    void queryShowsAVmByShortNameOrFqdn() {
        CliRun text = run("query", "poolvm-sad-mole.example.com");
        CliRun json = run("query", "poolvm-sad-mole", "--json");

        assertThat(text.exit()).isZero();
        assertThat(text.out()).startsWith("poolvm-sad-mole:\n").contains("state: ready")
                .contains("fqdn: poolvm-sad-mole.example.com");
        assertThat(json.out()).contains("\"template\" : \"debian-12-x86_64\"").contains("\"ok\" : true");
    }

    @Test
    void queryOfAnUnknownVmFails() {
        CliRun run = run("query", "poolvm-nobody");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("unknown VM: poolvm-nobody (HTTP 404)");
    }

    @Test
    void anUnreachableServerIsReportedWithItsOwnExitCode() {
        CliRun run = run("list", "--url", "http://127.0.0.1:1/api/v3");

        assertThat(run.exit()).isEqualTo(4);
        assertThat(run.err()).contains("cannot reach vmpooler at http://127.0.0.1:1/api/v3: nothing accepts "
                + "connections there (connection refused); check that the server runs and that the URL is right")
                .doesNotContain("ConnectException");
    }

    @Test
    void aUrlWithoutApiPrefixIsExplained() {
        CliRun run = run("status", "--url", apiUrl().replace("/api/v3", ""));

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("does the URL end with /api/v3?");
    }

    @Test
    void unknownCommandsAndOptionsAreUsageErrors() {
        assertThat(run("frobnicate").exit()).isEqualTo(2);
        CliRun run = run("get", "--bogus", "debian");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown option: '--bogus'");
    }
}
