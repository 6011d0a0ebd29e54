package org.vmpooler.dns.rfc2136;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.vmpooler.config.ConfigException;
import org.vmpooler.config.DnsConfig;
import org.vmpooler.config.Settings;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * One {@code dns_class: rfc2136} entry of {@code :dns_configs:}, checked once at start: where updates go
 * ({@code server}, fail-over in list order), which zone they change ({@code zone}, default the {@code domain}),
 * the optional {@code reverse_zone} for PTR records, the record {@code ttl}, the TSIG key, and how long one
 * change may take ({@code timeout} per try, {@code deadline} for all tries).
 */
record Rfc2136Settings(String config, List<ServerAddress> servers, Name zone, Name domain, Optional<Name> reverseZone,
                       long ttl, Optional<TsigKey> key, boolean tcp, Duration timeout, Duration deadline) {

    /** Every key {@link #of} and {@link TsigKey} read, for the configuration check. */
    static final Set<String> KEYS = Set.of("server", "port", "zone", "reverse_zone", "ttl", "tcp", "timeout",
            "deadline", "tsig_key_name", "tsig_algorithm", "tsig_secret", "tsig_secret_file");

    static final int DEFAULT_PORT = 53;
    static final long DEFAULT_TTL = 60;
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);

    static Rfc2136Settings of(DnsConfig dns) {
        Settings s = dns.settings();
        int port = s.integer("port", DEFAULT_PORT);
        List<ServerAddress> servers = new ArrayList<>();
        for (String server : s.strings("server")) {
            servers.add(ServerAddress.parse(server, port, s));
        }
        if (servers.isEmpty()) {
            throw new ConfigException(s.path() + " > server is required in " + s.source()
                    + ": the primary DNS server that takes dynamic updates for the zone (host or host:port)");
        }
        Name domain = name(s, "domain", dns.domain());
        Name zone = name(s, "zone", s.string("zone", dns.domain()));
        if (!domain.subdomain(zone)) {
            throw s.invalid("zone", zone, "the zone holding the domain " + domain);
        }
        Optional<Name> reverse = s.string("reverse_zone").map(r -> name(s, "reverse_zone", r));
        reverse.filter(r -> !r.subdomain(Name.fromConstantString("in-addr.arpa."))
                && !r.subdomain(Name.fromConstantString("ip6.arpa."))).ifPresent(r -> {
                    throw s.invalid("reverse_zone", r, "a zone under in-addr.arpa or ip6.arpa");
                });
        long ttl = s.integer("ttl", (int) DEFAULT_TTL);
        if (ttl < 0) {
            throw s.invalid("ttl", ttl, "seconds, 0 or more");
        }
        Duration timeout = seconds(s, "timeout", DEFAULT_TIMEOUT);
        Duration deadline = seconds(s, "deadline", DEFAULT_DEADLINE);
        if (deadline.compareTo(timeout) < 0) {
            throw s.invalid("deadline", deadline.toSeconds(), "at least the timeout of one try ("
                    + timeout.toSeconds() + "s)");
        }
        return new Rfc2136Settings(dns.name(), List.copyOf(servers), zone, domain, reverse, ttl, TsigKey.of(s),
                s.bool("tcp", false), timeout, deadline);
    }

    private static Duration seconds(Settings s, String key, Duration fallback) {
        int value = s.integer(key, (int) fallback.toSeconds());
        if (value < 1) {
            throw s.invalid(key, value, "seconds, at least 1");
        }
        return Duration.ofSeconds(value);
    }

    static Name name(Settings s, String key, String text) {
        try {
            return Name.fromString(text, Name.root);
        } catch (TextParseException e) {
            throw s.invalid(key, text, "a DNS name");
        }
    }

    /** Where updates are sent. */
    record ServerAddress(String host, int port) {

        /** {@code host}, {@code host:port}, {@code [v6 address]:port} or a bare IPv6 address. */
        static ServerAddress parse(String text, int defaultPort, Settings s) {
            String t = text.trim();
            String host = t;
            String port = null;
            if (t.startsWith("[")) {
                int end = t.indexOf(']');
                if (end < 0) {
                    throw s.invalid("server", text, "host, host:port or [IPv6 address]:port");
                }
                host = t.substring(1, end);
                port = t.length() > end + 1 && t.charAt(end + 1) == ':' ? t.substring(end + 2) : null;
            } else if (t.indexOf(':') >= 0 && t.indexOf(':') == t.lastIndexOf(':')) {
                host = t.substring(0, t.indexOf(':'));
                port = t.substring(t.indexOf(':') + 1);
            }
            if (host.isBlank()) {
                throw s.invalid("server", text, "host, host:port or [IPv6 address]:port");
            }
            try {
                int p = port == null ? defaultPort : Integer.parseInt(port);
                if (p < 1 || p > 65535) {
                    throw new NumberFormatException();
                }
                return new ServerAddress(host, p);
            } catch (NumberFormatException e) {
                throw s.invalid("server", text, "a port from 1 to 65535 after the host");
            }
        }

        @Override
        public String toString() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }
}
