package org.vmpooler.dns.gcp;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.vmpooler.config.ConfigException;
import org.vmpooler.config.DnsConfig;
import org.vmpooler.config.Settings;
import org.vmpooler.gcp.GoogleApiSettings;

/**
 * One {@code dns_class: gcp} entry of {@code :dns_configs:}, checked once at start: the {@code project} and the
 * managed zone's name {@code zone_name} (both required), the {@code domain} the records are made in, the record
 * {@code ttl} (60, the reference's), how long one record change may take with its retries ({@code deadline},
 * seconds), and the shared Google keys ({@code endpoint}, {@code credentials_file}, {@code api_retries} …).
 */
record CloudDnsSettings(String config, String project, String zoneName, String domain, int ttl, Duration deadline,
                        GoogleApiSettings api) {

    /** Every key {@link #of} reads besides the engine's {@code dns_class} and {@code domain}. */
    static final Set<String> KEYS = Stream.concat(Stream.of("project", "zone_name", "ttl", "deadline"),
            GoogleApiSettings.KEYS.stream()).collect(Collectors.toUnmodifiableSet());

    static final String DNS_V1 = "https://dns.googleapis.com/dns/v1/";

    static CloudDnsSettings of(DnsConfig dns) {
        Settings s = dns.settings();
        String project = required(s, "project", "the Google Cloud project id of the managed zone");
        String zone = required(s, "zone_name", "the Cloud DNS managed zone's name (not its DNS name)");
        if (dns.domain() == null || dns.domain().isBlank()) {
            throw new ConfigException(s.path() + " > domain is required in " + s.source()
                    + ": the domain the VMs' records are made in");
        }
        int ttl = s.integer("ttl", 60);
        if (ttl < 0) {
            throw s.invalid("ttl", ttl, "seconds, 0 or more");
        }
        int deadline = s.integer("deadline", 10);
        if (deadline < 1) {
            throw s.invalid("deadline", deadline, "seconds, at least 1");
        }
        return new CloudDnsSettings(dns.name(), project, zone, dns.domain(), ttl, Duration.ofSeconds(deadline),
                GoogleApiSettings.of(s, DNS_V1));
    }

    private static String required(Settings s, String key, String what) {
        return s.string(key).map(String::trim).filter(v -> !v.isEmpty()).orElseThrow(() -> new ConfigException(
                s.path() + " > " + key + " is required in " + s.source() + ": " + what));
    }
}
