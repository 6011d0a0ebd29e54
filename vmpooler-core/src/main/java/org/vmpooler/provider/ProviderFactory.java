package org.vmpooler.provider;

import java.util.Set;

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
}
