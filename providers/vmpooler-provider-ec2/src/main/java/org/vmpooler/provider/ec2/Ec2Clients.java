package org.vmpooler.provider.ec2;

import java.time.Duration;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ssm.SsmClient;

/** The SDK clients of one provider instance, built from its settings with the credentials given. */
record Ec2Clients(Ec2Client ec2, SsmClient ssm) implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(20);

    static Ec2Clients of(Ec2Settings settings, AwsCredentialsProvider credentials) {
        ClientOverrideConfiguration overrides = ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(settings.apiMaxAttempts())
                        .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(settings.throttleBackoff(),
                                MAX_BACKOFF))
                        .build())
                .apiCallTimeout(settings.apiCallTimeout())
                .build();
        Region region = Region.of(settings.region());
        var ec2 = Ec2Client.builder().region(region).credentialsProvider(credentials).overrideConfiguration(overrides)
                .httpClientBuilder(http(settings));
        settings.ec2Endpoint().ifPresent(ec2::endpointOverride);
        var ssm = SsmClient.builder().region(region).credentialsProvider(credentials).overrideConfiguration(overrides)
                .httpClientBuilder(http(settings));
        settings.ssmEndpoint().ifPresent(ssm::endpointOverride);
        return new Ec2Clients(ec2.build(), ssm.build());
    }

    private static UrlConnectionHttpClient.Builder http(Ec2Settings settings) {
        return UrlConnectionHttpClient.builder().connectionTimeout(CONNECT_TIMEOUT)
                .socketTimeout(settings.apiCallTimeout());
    }

    @Override
    public void close() {
        ec2.close();
        ssm.close();
    }
}
