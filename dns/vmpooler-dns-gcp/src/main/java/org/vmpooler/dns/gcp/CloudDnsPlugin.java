package org.vmpooler.dns.gcp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.dns.DnsException;
import org.vmpooler.dns.DnsPlugin;
import org.vmpooler.dns.VmAddress;
import org.vmpooler.gcp.GoogleApiException;
import org.vmpooler.gcp.GoogleRest;

/**
 * {@code dns_class: gcp}: a VM's A (or AAAA) record in a Cloud DNS managed zone, always under its FQDN in the
 * configured domain (the reference created under the zone's origin and deleted under the domain). Every change is a
 * compare-and-set: it deletes exactly the record set it read and adds the new one, so Cloud DNS refuses it (412,
 * 409) when someone changed the name meanwhile; the plugin then reads again and retries with back-off until the
 * {@code deadline}.
 */
final class CloudDnsPlugin implements DnsPlugin {
    private static final Logger LOG = LoggerFactory.getLogger(CloudDnsPlugin.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration MAX_RETRY = Duration.ofSeconds(2);

    private final CloudDnsSettings settings;
    private final GoogleRest rest;
    private final Clock clock;
    private final String zonePath;

    CloudDnsPlugin(CloudDnsSettings settings, GoogleRest rest, Clock clock) {
        this.settings = settings;
        this.rest = rest;
        this.clock = clock;
        this.zonePath = "projects/" + settings.project() + "/managedZones/" + settings.zoneName();
    }

    @Override
    public void close() {
        rest.close();
    }

    @Override
    public String name() {
        return settings.config();
    }

    @Override
    public void createOrReplaceRecord(VmAddress vm) {
        String type = vm.ipv6() ? "AAAA" : "A";
        change("create", vm, current -> {
            if (current.isPresent() && current.get().path("ttl").asInt() == settings.ttl()
                    && List.of(vm.ip()).equals(data(current.get()))) {
                return Optional.empty();
            }
            ObjectNode body = GoogleRest.json().createObjectNode();
            current.ifPresent(c -> body.putArray("deletions").add(c));
            body.putArray("additions").add(rrset(vm.fqdn(), type, settings.ttl(), List.of(vm.ip())));
            return Optional.of(body);
        });
    }

    @Override
    public void deleteRecord(VmAddress vm) {
        String type = vm.ipv6() ? "AAAA" : "A";
        change("delete", vm, current -> {
            if (current.isEmpty() || !data(current.get()).contains(vm.ip())) {
                return Optional.empty();
            }
            List<String> others = new ArrayList<>(data(current.get()));
            others.remove(vm.ip());
            ObjectNode body = GoogleRest.json().createObjectNode();
            body.putArray("deletions").add(current.get());
            if (!others.isEmpty()) {
                body.putArray("additions").add(rrset(vm.fqdn(), type, current.get().path("ttl").asInt(), others));
            }
            return Optional.of(body);
        });
    }

    /** What to submit given the record set read now; empty when nothing needs changing. */
    private interface Planner {
        Optional<ObjectNode> plan(Optional<JsonNode> current);
    }

    private void change(String verb, VmAddress vm, Planner planner) {
        String type = vm.ipv6() ? "AAAA" : "A";
        Instant deadline = clock.instant().plus(settings.deadline());
        Duration backoff = FIRST_RETRY;
        for (int attempt = 1; ; attempt++) {
            try {
                Optional<ObjectNode> body = planner.plan(read(vm.fqdn(), type));
                if (body.isEmpty()) {
                    return;
                }
                JsonNode change = rest.post(zonePath + "/changes", body.get());
                awaitDone(change, deadline);
                return;
            } catch (GoogleApiException e) {
                boolean raced = e.status() == 409 || e.status() == 412;
                if (!raced || clock.instant().plus(backoff).isAfter(deadline)) {
                    throw refused(verb, vm, e, attempt);
                }
                LOG.debug("DNS config {}: {} of {} raced another change ({}); reading it again", name(), verb,
                        vm.fqdn(), e.status());
            }
            sleep(backoff.plusMillis(ThreadLocalRandom.current().nextLong(backoff.toMillis() + 1)), verb, vm);
            backoff = backoff.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : backoff.multipliedBy(2);
        }
    }

    private Optional<JsonNode> read(String fqdn, String type) {
        JsonNode list = rest.get(zonePath + "/rrsets", Map.of("name", fqdn + ".", "type", type));
        for (JsonNode set : list.path("rrsets")) {
            if (set.path("name").asText().equals(fqdn + ".") && set.path("type").asText().equals(type)) {
                return Optional.of(set);
            }
        }
        return Optional.empty();
    }

    /** A change is applied atomically once accepted; this waits (within the deadline) until it is served. */
    private void awaitDone(JsonNode change, Instant deadline) {
        JsonNode current = change;
        while (!"done".equals(current.path("status").asText()) && clock.instant().isBefore(deadline)) {
            sleep(Duration.ofMillis(100), "await", null);
            current = rest.get(zonePath + "/changes/" + change.path("id").asText());
        }
    }

    private DnsException refused(String verb, VmAddress vm, GoogleApiException e, int attempts) {
        return new DnsException("Cloud DNS refused to " + verb + " the record of " + vm.fqdn() + " in managed zone "
                + settings.zoneName() + " of project " + settings.project() + " (as " + rest.identity() + ")"
                + (attempts > 1 ? " after " + attempts + " tries" : "") + ": " + e.getMessage(), e);
    }

    private static ObjectNode rrset(String fqdn, String type, int ttl, List<String> data) {
        ObjectNode set = GoogleRest.json().createObjectNode().put("kind", "dns#resourceRecordSet")
                .put("name", fqdn + ".").put("type", type).put("ttl", ttl);
        ArrayNode rrdatas = set.putArray("rrdatas");
        data.forEach(rrdatas::add);
        return set;
    }

    private static List<String> data(JsonNode set) {
        List<String> data = new ArrayList<>();
        set.path("rrdatas").forEach(d -> data.add(d.asText()));
        return data;
    }

    private void sleep(Duration wait, String verb, VmAddress vm) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DnsException("DNS config " + name() + ": interrupted during " + verb
                    + (vm == null ? "" : " of " + vm.fqdn()));
        }
    }
}
