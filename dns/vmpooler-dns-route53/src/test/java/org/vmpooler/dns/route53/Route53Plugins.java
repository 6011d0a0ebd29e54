package org.vmpooler.dns.route53;

import java.util.LinkedHashMap;
import java.util.Map;

import org.vmpooler.config.DnsConfig;
import org.vmpooler.config.Settings;
import org.vmpooler.dns.DnsPlugin;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Route 53 plugins for domain {@code vmpooler.test} pointed at a fake, with short waits. */
final class Route53Plugins {
    private Route53Plugins() {
    }

    static DnsPlugin create(FakeRoute53 fake, Map<String, Object> keys) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("endpoint", fake.endpoint().toString());
        settings.put("poll_interval", 0.02);
        settings.put("batch_window", 0.05);
        settings.put("deadline", 5);
        settings.putAll(keys);
        return Route53PluginFactory.create(Route53Settings.of(config(settings)),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDFAKE", "fake")));
    }

    static DnsConfig config(Map<String, Object> settings) {
        return new DnsConfig("r53", "route53", "vmpooler.test",
                new Settings(settings, ":dns_configs: > :r53:", "test"));
    }
}
