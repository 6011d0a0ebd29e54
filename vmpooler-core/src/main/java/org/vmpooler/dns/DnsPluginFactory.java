package org.vmpooler.dns;

/**
 * The plugin entry point of a DNS class, found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/org.vmpooler.dns.DnsPluginFactory}).
 */
public interface DnsPluginFactory {

    /** The {@code dns_class} this factory serves, matched case-insensitively. */
    String dnsClass();

    DnsPlugin create(DnsPluginContext context);
}
