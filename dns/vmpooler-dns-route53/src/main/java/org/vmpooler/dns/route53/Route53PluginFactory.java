package org.vmpooler.dns.route53;

import java.time.Duration;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.config.DnsConfig;
import org.vmpooler.dns.DnsPlugin;
import org.vmpooler.dns.DnsPluginContext;
import org.vmpooler.dns.DnsPluginFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;

/**
 * {@code dns_class: route53}: records kept in a Route 53 hosted zone, with credentials from the AWS SDK's default
 * chain (environment, profile, container or instance role).
 */
public final class Route53PluginFactory implements DnsPluginFactory {
    private static final Logger LOG = LoggerFactory.getLogger(Route53PluginFactory.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

    @Override
    public String dnsClass() {
        return "route53";
    }

    @Override
    public Set<String> settingKeys() {
        return Route53Settings.KEYS;
    }

    @Override
    public void checkSettings(DnsConfig dns) {
        Route53Settings.of(dns);
    }

    @Override
    public DnsPlugin create(DnsPluginContext context) {
        return create(Route53Settings.of(context.dns()), DefaultCredentialsProvider.builder().build());
    }

    static DnsPlugin create(Route53Settings settings, AwsCredentialsProvider credentials) {
        var client = Route53Client.builder().region(Region.AWS_GLOBAL).credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(CALL_TIMEOUT))
                .overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT));
        settings.endpoint().ifPresent(client::endpointOverride);
        LOG.info("DNS config {}: Route 53 records of {} in hosted zone {}{}", settings.config(), settings.domain(),
                settings.hostedZoneId(), settings.endpoint().map(e -> " through " + e).orElse(""));
        return new Route53Plugin(settings, client.build());
    }
}
