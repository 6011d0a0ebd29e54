package org.vmpooler.provider.ec2;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.vmpooler.config.ProviderConfig;
import org.vmpooler.config.VmpoolerConfig;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.provider.ProviderContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** An EC2 provider instance pointed at a {@link FakeEc2}, with waits short enough for tests. */
public final class Ec2Fixtures {
    public static final String AMI = "ami-0fake0debian";

    private Ec2Fixtures() {
    }

    /** The provider keys that point an instance at the fake, spread over its two subnets. */
    public static Map<String, Object> providerSettings(FakeEc2 fake) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("region", FakeEc2.REGION);
        settings.put("ec2_endpoint", fake.endpoint().toString());
        settings.put("ssm_endpoint", fake.endpoint().toString());
        settings.put("subnet_ids", List.of("subnet-0aaa", "subnet-0bbb"));
        settings.put("instance_type", "t3.micro");
        settings.put("connection_pool_size", 32);
        settings.put("poll_interval", 0.05);
        settings.put("wait_timeout", 20);
        settings.put("throttle_backoff", 0.05);
        settings.put("tags", Map.of("team", "ci"));
        return settings;
    }

    static Ec2Provider provider(VmpoolerConfig config, String name) {
        return provider(config.providers().get(name), config);
    }

    static Ec2Provider provider(ProviderConfig instance, VmpoolerConfig config) {
        return new Ec2Provider(new ProviderContext(instance, config, Metrics.none(), Clock.systemUTC()),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDFAKE", "fake")));
    }
}
