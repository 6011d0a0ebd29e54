package org.vmpooler.cli.command;

import java.time.Duration;

import picocli.CommandLine.Option;

import org.vmpooler.cli.CliFailure;
import org.vmpooler.cli.Terminal;
import org.vmpooler.cli.checkout.VmCheckout;
import org.vmpooler.cli.http.PoolerClient;

/** How VMs are obtained: from the pools at once, or provisioned on demand and waited for. */
final class CheckoutOptions {
    @Option(names = "--ondemand", description = "provision the VMs on demand and wait for them")
    boolean ondemand;

    @Option(names = "--notoken", description = "do not send the token (servers without authentication)")
    boolean notoken;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "how long --ondemand waits (default: ${DEFAULT-VALUE})")
    long timeoutSeconds;

    @Option(names = "--poll-interval", paramLabel = "MILLIS", defaultValue = "5000",
            description = "how often --ondemand asks whether the VMs are ready (default: ${DEFAULT-VALUE})")
    long pollMillis;

    VmCheckout checkout(PoolerClient client, Terminal terminal) {
        if (timeoutSeconds < 1 || pollMillis < 1) {
            throw CliFailure.usage("--timeout and --poll-interval must be positive");
        }
        return new VmCheckout(client, terminal, Duration.ofMillis(pollMillis), Duration.ofSeconds(timeoutSeconds));
    }

    PoolerClient.Auth auth(PoolerClient client) {
        return notoken ? PoolerClient.Auth.NONE : PoolerClient.Auth.token(client.settings().token());
    }
}
