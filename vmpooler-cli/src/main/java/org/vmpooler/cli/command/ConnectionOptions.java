package org.vmpooler.cli.command;

import picocli.CommandLine.Option;

import org.vmpooler.cli.config.SettingsResolver;

/** The flags every command accepts to override ~/.vmfloaty.yml and the environment. */
public final class ConnectionOptions {
    @Option(names = "--url", paramLabel = "URL", description = "API base, e.g. https://vmpooler.example.com/api/v3 (VMPOOLER_URL)")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN", description = "auth token (VMPOOLER_TOKEN)")
    String token;

    @Option(names = "--user", paramLabel = "USER", description = "user name for token commands (VMPOOLER_USER)")
    String user;

    @Option(names = "--service", paramLabel = "NAME", description = "service of ~/.vmfloaty.yml to use (VMPOOLER_SERVICE; default: the first)")
    String service;

    SettingsResolver.Flags flags() {
        return new SettingsResolver.Flags(url, token, user, service);
    }
}
