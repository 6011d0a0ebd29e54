package org.vmpooler.cli.command;

import org.vmpooler.cli.CliFailure;
import org.vmpooler.cli.ExitCode;
import org.vmpooler.cli.Terminal;
import org.vmpooler.cli.config.ConnectionSettings;
import org.vmpooler.cli.http.PoolerClient;

/**
 * The user's password for the token routes: VMPOOLER_PASSWORD, else a prompt without echo, but only on a
 * terminal, so a script never hangs waiting for input nobody will type.
 */
final class Passwords {
    static final String VARIABLE = "VMPOOLER_PASSWORD";

    private Passwords() {
    }

    static PoolerClient.Basic credentials(ConnectionSettings settings, Terminal terminal) {
        String user = settings.requireUser();
        char[] password = terminal.env(VARIABLE).map(String::toCharArray)
                .or(() -> terminal.readPassword("Password for " + user + " at " + settings.host() + ": "))
                .orElseThrow(() -> new CliFailure(ExitCode.AUTH, "no password: set " + VARIABLE
                        + " or run the command on a terminal to be asked"));
        return new PoolerClient.Basic(user, password);
    }
}
