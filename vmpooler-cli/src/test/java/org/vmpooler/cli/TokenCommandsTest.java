package org.vmpooler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vmpooler.cli.support.CliRun;
import org.vmpooler.cli.support.CliServerTestBase;

/** token get, status and delete against the server's token routes (dummy auth: any password but the user name). */
class TokenCommandsTest extends CliServerTestBase {
    private static final Map<String, String> PASSWORD = Map.of("VMPOOLER_PASSWORD", "secret");

    @BeforeEach
    void serverWithTokens() {
        startServer();
        simpleConfig();
    }

    @Test
    void tokenGetCreatesATokenForTheUser() {
        CliRun run = run(PASSWORD, "token", "get");

        assertThat(run.exit()).isZero();
        String token = run.out().trim();
        assertThat(store.token(token).orElseThrow().user()).contains(USER);
    }

    @Test
    void tokenGetFailsClearlyWithoutPasswordOrUserOrWithAWrongOne() {
        CliRun noPassword = run("token", "get");
        CliRun wrong = run(Map.of("VMPOOLER_PASSWORD", USER), "token", "get");
        floatyConfig("url: '" + apiUrl() + "'\n");
        CliRun noUser = run(PASSWORD, "token", "get");

        assertThat(noPassword.exit()).isEqualTo(3);
        assertThat(noPassword.err()).contains("vmpooler token get: no password: set VMPOOLER_PASSWORD");
        assertThat(wrong.exit()).isEqualTo(3);
        assertThat(wrong.err()).contains("the server rejected the password of user alice (HTTP 401)");
        assertThat(noUser.exit()).isEqualTo(2);
        assertThat(noUser.err()).contains("no user");
    }

    @Test
    void tokenStatusShowsTheConfiguredOrTheGivenToken() {
        CliRun configured = run("token", "status");
        CliRun unknown = run("token", "status", "nosuchtoken");

        assertThat(configured.exit()).isZero();
        assertThat(configured.out()).contains(TOKEN + ":").contains("user: alice");
        assertThat(run("token", "status", TOKEN, "--json").out()).contains("\"user\" : \"alice\"");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("unknown token");
    }

    @Test
    void tokenDeleteUsesTheConfiguredTokenWhenNoneIsGiven() {
        CliRun run = run(PASSWORD, "token", "delete");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("Deleted token " + TOKEN + "\n");
        assertThat(store.token(TOKEN)).isEmpty();
    }

    @Test
    void tokenDeleteOfAnUnknownTokenFails() {
        CliRun run = run(PASSWORD, "token", "delete", "nosuchtoken");

        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.err()).contains("or does not know the token");
        assertThat(store.token(TOKEN)).isPresent();
    }
}
