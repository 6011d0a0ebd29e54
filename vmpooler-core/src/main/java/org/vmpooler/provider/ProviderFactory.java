package org.vmpooler.provider;

import java.util.Set;

import org.vmpooler.config.ProviderConfig;

import org.vmpooler.provider.capability.Capability;

/**
 * The plugin entry point of a provider class, found with {@link java.util.ServiceLoader}: a jar that lists
 * its factory in {@code META-INF/services/org.vmpooler.provider.ProviderFactory} adds a provider class.
 */
public interface ProviderFactory {

    /** The {@code provider_class} this factory serves, matched case-insensitively ({@code dummy}, {@code vsphere}). */
    String providerClass();

    Provider create(ProviderContext context);

    /** The class {@link #create} returns: its capability interfaces are what the API and manager may ask of it. */
    Class<? extends Provider> providerType();

    default Set<Capability> capabilities() {
        return Capability.of(providerType());
    }

    /**
     * The keys of a {@code :providers:} entry this class reads besides the engine's ({@code provider_class},
     * {@code circuit_breaker_*} …): {@code check-config} warns about any other, naming the closest. Empty means
     * "not declared": then every key is accepted.
     */
    default Set<String> settingKeys() {
        return Set.of();
    }

    /** The pool keys this class reads besides the engine's ({@code folder}, {@code zone} …); empty: not declared. */
    default Set<String> poolKeys() {
        return Set.of();
    }

    /**
     * Checks an instance's own keys without connecting anywhere, so a mistake is reported with all others before
     * anything starts; throws {@link org.vmpooler.config.ConfigException} naming key, value and source.
     */
    default void checkSettings(ProviderConfig provider) {
    }
}
