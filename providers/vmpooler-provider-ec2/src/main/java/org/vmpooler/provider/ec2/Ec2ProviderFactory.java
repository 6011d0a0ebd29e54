package org.vmpooler.provider.ec2;

import java.util.Set;

import org.vmpooler.config.ProviderConfig;
import org.vmpooler.provider.Provider;
import org.vmpooler.provider.ProviderContext;
import org.vmpooler.provider.ProviderFactory;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * {@code provider_class: ec2}. Credentials come from the AWS SDK's default chain (environment variables, system
 * properties, the shared profile files with {@code AWS_PROFILE}, web identity, container or instance role), so no
 * secret is ever in vmpooler's configuration or logs.
 */
public final class Ec2ProviderFactory implements ProviderFactory {

    @Override
    public String providerClass() {
        return "ec2";
    }

    @Override
    public Class<Ec2Provider> providerType() {
        return Ec2Provider.class;
    }

    @Override
    public Set<String> settingKeys() {
        return Ec2Settings.KEYS;
    }

    @Override
    public Set<String> poolKeys() {
        return Ec2PoolSettings.KEYS;
    }

    @Override
    public void checkSettings(ProviderConfig provider) {
        Ec2Settings.of(provider.settings());
    }

    @Override
    public Provider create(ProviderContext context) {
        return new Ec2Provider(context, DefaultCredentialsProvider.builder().build());
    }
}
