package org.vmpooler.provider.capability;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a provider may offer beyond creating, listing, checking and destroying VMs. A provider offers a capability
 * by implementing its interface; nothing else declares it, so what {@code bin/vmpooler plugins} lists, what the API
 * accepts and what the manager attempts can never disagree with what the provider really does.
 */
public enum Capability {
    DISKS(Disks.class),
    SNAPSHOTS(Snapshots.class),
    MIGRATION(HostMigration.class),
    TEMPLATE_DELTA_DISKS(TemplateDeltaDisks.class),
    USER_TAGGING(UserTagging.class),
    PURGE(ResourcePurge.class);

    private final Class<?> contract;

    Capability(Class<?> contract) {
        this.contract = contract;
    }

    public Class<?> contract() {
        return contract;
    }

    /** The name used in errors, logs and listings ({@code snapshots}, {@code template_delta_disks}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The capabilities a provider class offers. */
    public static Set<Capability> of(Class<?> providerType) {
        Set<Capability> offered = EnumSet.noneOf(Capability.class);
        for (Capability capability : values()) {
            if (capability.contract.isAssignableFrom(providerType)) {
                offered.add(capability);
            }
        }
        return offered;
    }
}
