package org.vmpooler.dns.rfc2136;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.vmpooler.dns.DnsException;
import org.vmpooler.dns.rfc2136.Rfc2136Settings.ServerAddress;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Update;

/**
 * Sends one update message to the configured servers, signed with the TSIG key: a server that does not answer is
 * tried again (and the next one in the list meanwhile) until the deadline; a server that refuses is not asked
 * again for this message, and when every server refused, the refusal is the error, explained.
 */
final class UpdateSender {
    private static final Duration PAUSE_BETWEEN_ROUNDS = Duration.ofMillis(250);

    private final Rfc2136Settings settings;

    UpdateSender(Rfc2136Settings settings) {
        this.settings = settings;
    }

    /**
     * Returns the server's answer when it applied the update or found a prerequisite unmet (NOERROR, NXRRSET,
     * YXRRSET, NXDOMAIN, YXDOMAIN); throws {@link DnsException} otherwise.
     */
    int send(Update update, Name zone, String what) {
        long deadline = System.nanoTime() + settings.deadline().toNanos();
        Map<ServerAddress, String> failures = new LinkedHashMap<>();
        Map<ServerAddress, String> refusals = new LinkedHashMap<>();
        while (true) {
            for (ServerAddress server : settings.servers()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new DnsException("no DNS server took the update (" + what + ") of zone " + zone + " with "
                            + keyDescription() + " within " + settings.deadline().toSeconds() + "s: "
                            + describe(refusals, failures));
                }
                if (refusals.containsKey(server)) {
                    continue;
                }
                Optional<Integer> done = attempt(server, update, zone, Duration.ofNanos(Math.min(left,
                        settings.timeout().toNanos())), failures, refusals);
                if (done.isPresent()) {
                    return done.get();
                }
            }
            if (refusals.size() == settings.servers().size()) {
                throw new DnsException("the DNS update (" + what + ") of zone " + zone + " with " + keyDescription()
                        + " was refused: " + describe(refusals, Map.of()));
            }
            pause(deadline);
        }
    }

    private Optional<Integer> attempt(ServerAddress server, Update update, Name zone, Duration timeout,
                                      Map<ServerAddress, String> failures, Map<ServerAddress, String> refusals) {
        InetSocketAddress address = new InetSocketAddress(server.host(), server.port());
        if (address.isUnresolved()) {
            failures.put(server, "its host name does not resolve");
            return Optional.empty();
        }
        SimpleResolver resolver = new SimpleResolver(address);
        resolver.setTCP(settings.tcp());
        resolver.setTimeout(timeout);
        settings.key().ifPresent(key -> resolver.setTSIGKey(key.tsig()));
        Message response;
        try {
            response = resolver.send(update);
        } catch (IOException e) {
            failures.put(server, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            return Optional.empty();
        }
        int rcode = response.getRcode();
        switch (rcode) {
            case Rcode.NOERROR, Rcode.NXRRSET, Rcode.YXRRSET, Rcode.NXDOMAIN, Rcode.YXDOMAIN -> {
                if (settings.key().isPresent() && !response.isVerified()) {
                    refusals.put(server, "its answer (" + Rcode.string(rcode) + ") was not signed with the key, "
                            + "so it cannot be trusted");
                    return Optional.empty();
                }
                return Optional.of(rcode);
            }
            case Rcode.SERVFAIL -> failures.put(server, "SERVFAIL (the server could not apply it now)");
            default -> refusals.put(server, explain(rcode, response.getTSIG(), zone));
        }
        return Optional.empty();
    }

    /** What the answer means, for the person who has to fix the key, the policy or the zone name. */
    private String explain(int rcode, TSIGRecord tsig, Name zone) {
        int tsigError = tsig == null ? Rcode.NOERROR : tsig.getError();
        String code = Rcode.string(rcode) + (tsigError == Rcode.NOERROR ? "" : ", TSIG " + Rcode.TSIGstring(tsigError));
        String meaning = switch (tsigError) {
            case Rcode.BADSIG -> "the secret of " + keyDescription() + " is not the server's";
            case Rcode.BADKEY -> "the server does not know " + keyDescription() + " (name or algorithm differ)";
            case Rcode.BADTIME -> "the clocks of vmpooler and the server differ by more than the signature allows";
            default -> switch (rcode) {
                case Rcode.REFUSED -> "the zone's update-policy (or allow-update) does not let " + keyDescription()
                        + " change this name";
                case Rcode.NOTAUTH -> "the server is not the primary for zone " + zone + ", or does not accept "
                        + keyDescription();
                case Rcode.NOTZONE -> "the name is not in zone " + zone;
                case Rcode.NOTIMP -> "the server does not take dynamic updates";
                default -> "the server rejected the message";
            };
        };
        return code + " (" + meaning + ")";
    }

    private String keyDescription() {
        return settings.key().map(TsigKey::toString).orElse("no TSIG key");
    }

    private static String describe(Map<ServerAddress, String> refusals, Map<ServerAddress, String> failures) {
        Map<ServerAddress, String> all = new LinkedHashMap<>(failures);
        all.putAll(refusals);
        return all.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("; "));
    }

    private static void pause(long deadline) {
        long nanos = Math.min(PAUSE_BETWEEN_ROUNDS.toNanos(), deadline - System.nanoTime());
        if (nanos <= 0) {
            return;
        }
        try {
            Thread.sleep(Duration.ofNanos(nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DnsException("interrupted while waiting to retry a DNS update", e);
        }
    }
}
