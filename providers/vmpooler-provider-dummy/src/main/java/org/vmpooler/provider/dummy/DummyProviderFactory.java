package org.vmpooler.provider.dummy;

import java.util.Set;
import java.util.SplittableRandom;

import org.vmpooler.config.ProviderConfig;
import org.vmpooler.provider.Provider;
import org.vmpooler.provider.ProviderContext;
import org.vmpooler.provider.ProviderFactory;

/** {@code provider_class: dummy}. The optional instance key {@code seed} makes the dummy's chances reproducible. */
public final class DummyProviderFactory implements ProviderFactory {

    @Override
    public String providerClass() {
        return "dummy";
    }

    @Override
    public Class<DummyProvider> providerType() {
        return DummyProvider.class;
    }

    @Override
    public Set<String> settingKeys() {
        return DummyKnobs.KEYS;
    }

    @Override
    public void checkSettings(ProviderConfig provider) {
        DummyKnobs.from(provider.settings());
    }

    @Override
    public Provider create(ProviderContext context) {
        SplittableRandom random = DummyKnobs.from(context.provider().settings()).seed()
                .map(SplittableRandom::new).orElseGet(SplittableRandom::new);
        return new DummyProvider(context, random);
    }
}
