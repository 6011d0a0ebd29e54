package org.vmpooler.cli.config;

import java.net.URI;
import java.util.Optional;

import org.vmpooler.cli.CliFailure;
import org.vmpooler.cli.ExitCode;

/** Where and as whom the client talks to vmpooler, once flags, environment and config file are resolved. */
public record ConnectionSettings(URI baseUrl, Optional<String> token, Optional<String> user) {

    /** The token, for commands that cannot work without one. */
    public String requireToken() {
        return token.orElseThrow(() -> new CliFailure(ExitCode.AUTH,
                "no token: get one with 'vmpooler token get', then set token in ~/.vmfloaty.yml, VMPOOLER_TOKEN or --token"));
    }

    public String requireUser() {
        return user.orElseThrow(() -> new CliFailure(ExitCode.USAGE,
                "no user: set user in ~/.vmfloaty.yml, VMPOOLER_USER or --user"));
    }

    /** The server's host, for messages. */
    public String host() {
        return baseUrl.getHost();
    }
}
