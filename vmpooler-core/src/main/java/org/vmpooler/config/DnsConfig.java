package org.vmpooler.config;

/**
 * One named entry of {@code :dns_configs:}: the plugin ({@code dns_class}, else the entry name;
 * {@code dynamic-dns} means records are registered elsewhere), the {@code domain} appended to VM names, and
 * the plugin's own keys.
 */
public record DnsConfig(String name, String dnsClass, String domain, Settings settings) {
    public static final String DYNAMIC_DNS = "dynamic-dns";

    /** The keys of a {@code :dns_configs:} entry that the engine reads for every DNS class. */
    public static final java.util.Set<String> ENGINE_KEYS = java.util.Set.of("dns_class", "domain");

    public boolean dynamic() {
        return DYNAMIC_DNS.equals(dnsClass);
    }
}
