package org.vmpooler.dns;

import java.util.Set;

import org.vmpooler.config.DnsConfig;

/**
 * The plugin entry point of a DNS class, found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/org.vmpooler.dns.DnsPluginFactory}).
 */
public interface DnsPluginFactory {

    /** The {@code dns_class} this factory serves, matched case-insensitively. */
    String dnsClass();

    DnsPlugin create(DnsPluginContext context);

    /**
     * The keys of a {@code :dns_configs:} entry this class reads besides {@code dns_class} and {@code domain};
     * {@code check-config} warns about any other. Empty means "not declared": every key is accepted.
     */
    default Set<String> settingKeys() {
        return Set.of();
    }

    /** Checks an entry's own keys without connecting anywhere; throws a ConfigException naming key and value. */
    default void checkSettings(DnsConfig dns) {
    }
}
