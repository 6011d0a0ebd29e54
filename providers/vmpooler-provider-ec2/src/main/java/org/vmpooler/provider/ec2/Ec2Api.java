package org.vmpooler.provider.ec2;

import java.util.function.Function;
import java.util.function.Supplier;

import org.vmpooler.provider.ProviderConnectionPool;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Every AWS call of one provider instance goes through here: it takes a slot of the instance's connection pool
 * for the call alone (not for the waits between calls, so a slow termination does not starve launches) and
 * turns the SDK's exceptions into the engine's, saying what was being done.
 */
final class Ec2Api {
    private final Ec2Clients clients;
    private final ProviderConnectionPool connections;
    private final String provider;

    Ec2Api(Ec2Clients clients, ProviderConnectionPool connections, String provider) {
        this.clients = clients;
        this.connections = connections;
        this.provider = provider;
    }

    String provider() {
        return provider;
    }

    /** {@code doing} completes "provider NAME failed to …". */
    <T> T ec2(String doing, Function<Ec2Client, T> call) {
        return call(doing, () -> call.apply(clients.ec2()));
    }

    <T> T ssm(String doing, Function<SsmClient, T> call) {
        return call(doing, () -> call.apply(clients.ssm()));
    }

    /** Ends the SDK clients: each holds a scheduler thread for its call timeouts until closed. */
    void close() {
        clients.close();
    }

    private <T> T call(String doing, Supplier<T> call) {
        return connections.with(() -> {
            try {
                return call.get();
            } catch (SdkException e) {
                throw Ec2Failures.translate(provider, doing, e);
            }
        });
    }
}
