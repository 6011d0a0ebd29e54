package org.vmpooler.cli.command;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import org.vmpooler.cli.CliFailure;
import org.vmpooler.cli.ExitCode;
import org.vmpooler.cli.http.ApiReply.Subject;
import org.vmpooler.cli.http.PoolerClient;

/** {@code token get|delete|status}: tokens are created and deleted with the user's password (HTTP Basic). */
@Command(name = "token", description = "Manage auth tokens.",
        subcommands = {TokenCommand.Get.class, TokenCommand.Delete.class, TokenCommand.Status.class})
final class TokenCommand {
    private static final String NO_TOKEN_ROUTES = "the server has no token routes (it runs without authentication)";

    private TokenCommand() {
    }

    @Command(name = "get", description = "Create a token (asks for your password, or reads VMPOOLER_PASSWORD).")
    static final class Get extends PoolerCommand {
        @Override
        protected ExitCode run() {
            PoolerClient.Basic credentials = Passwords.credentials(settings(), terminal());
            JsonNode body = client().post("token", credentials).orFail(Subject.of("creating a token", NO_TOKEN_ROUTES)
                    .whenUnauthorized("the server rejected the password of user " + credentials.user())).body();
            if (json) {
                printJson(body);
            } else {
                println(body.path("token").asText());
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "delete", description = "Delete a token (the configured one unless TOKEN is given).")
    static final class Delete extends PoolerCommand {
        @Parameters(arity = "0..1", paramLabel = "TOKEN")
        String token;

        @Override
        protected ExitCode run() {
            String doomed = token != null ? token : settings().requireToken();
            PoolerClient.Basic credentials = Passwords.credentials(settings(), terminal());
            JsonNode body = client().delete("token/" + PoolerClient.segment(doomed), credentials)
                    .orFail(Subject.of("deleting the token", NO_TOKEN_ROUTES).whenUnauthorized(
                            "the server rejected the password of user " + credentials.user()
                                    + ", or does not know the token")).body();
            if (json) {
                printJson(body);
            } else {
                println("Deleted token " + doomed);
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "status", description = "Show a token's user, dates and running VMs (the configured one unless TOKEN is given).")
    static final class Status extends PoolerCommand {
        @Parameters(arity = "0..1", paramLabel = "TOKEN")
        String token;

        @Override
        protected ExitCode run() {
            String wanted = token != null ? token : settings().requireToken();
            if (wanted.isBlank()) {
                throw CliFailure.usage("token status: the token is empty");
            }
            print(client().get("token/" + PoolerClient.segment(wanted)).orFail(Subject.of("looking up the token",
                    "unknown token (or " + NO_TOKEN_ROUTES + ")")).body());
            return ExitCode.OK;
        }
    }
}
