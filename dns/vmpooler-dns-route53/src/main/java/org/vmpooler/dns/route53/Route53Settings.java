package org.vmpooler.dns.route53;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import org.vmpooler.config.ConfigProblems;
import org.vmpooler.config.DnsConfig;
import org.vmpooler.config.Settings;

/**
 * One {@code dns_class: route53} entry of {@code :dns_configs:}, checked once at start: the hosted zone that holds
 * the {@code domain} ({@code hosted_zone_id}), the records' {@code ttl}, how long to wait for Route 53 to report a
 * change applied ({@code deadline}, polled every {@code poll_interval}), how long to gather concurrent changes
 * into one request ({@code batch_window}), and {@code endpoint} to reach Route 53 elsewhere than its public
 * endpoint (a test double). Credentials come from the AWS SDK's default chain, never from here.
 */
record Route53Settings(String config, String hostedZoneId, String domain, long ttl, Duration deadline,
                       Duration pollInterval, Duration batchWindow, Optional<URI> endpoint) {

    /** Every key {@link #of} reads besides the engine's {@code dns_class} and {@code domain}. */
    static final Set<String> KEYS = Set.of("hosted_zone_id", "ttl", "deadline", "poll_interval", "batch_window",
            "endpoint");

    static Route53Settings of(DnsConfig dns) {
        Settings s = dns.settings();
        ConfigProblems problems = new ConfigProblems();
        String zone = problems.read(() -> s.string("hosted_zone_id").map(z -> z.replaceFirst("^/hostedzone/", ""))
                .filter(z -> z.matches("[A-Z0-9]{1,32}")).orElseThrow(() -> s.invalid("hosted_zone_id",
                        s.string("hosted_zone_id").orElse(""), "the id of the Route 53 hosted zone holding "
                                + dns.domain() + ", such as Z0123456789ABCDEFGHIJ")), "");
        long ttl = problems.read(() -> {
            int value = s.integer("ttl", 60);
            if (value < 0 || value > 172800) {
                throw s.invalid("ttl", value, "seconds from 0 to 172800");
            }
            return (long) value;
        }, 60L);
        Duration deadline = problems.read(() -> s.seconds("deadline", 60), Duration.ZERO);
        Duration poll = problems.read(() -> s.seconds("poll_interval", 2), Duration.ZERO);
        Duration window = problems.read(() -> s.seconds("batch_window", 0.2), Duration.ZERO);
        Optional<URI> endpoint = problems.read(() -> s.string("endpoint").map(text -> {
            try {
                URI uri = URI.create(text.trim());
                if (uri.getHost() == null || !uri.getScheme().matches("https?")) {
                    throw new IllegalArgumentException();
                }
                return uri;
            } catch (IllegalArgumentException e) {
                throw s.invalid("endpoint", text, "an http(s) URL");
            }
        }), Optional.empty());
        problems.throwErrors("");
        return new Route53Settings(dns.name(), zone, dns.domain(), ttl, deadline, poll, window, endpoint);
    }

    /** What a refusal names: the config, the zone and the domain. */
    String describe() {
        return "DNS config " + config + " (hosted zone " + hostedZoneId + ", domain " + domain + ")";
    }
}
