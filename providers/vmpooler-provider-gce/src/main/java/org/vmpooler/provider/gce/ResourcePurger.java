package org.vmpooler.provider.gce;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the instances, disks and snapshots that belong to no pool of this provider and that the allowlist does
 * not keep, in every zone one of its pools (or the provider) uses. Unlike the reference, a snapshot is kept when its
 * pool is configured in any zone, not only in the zone being scanned, and the decision is made here from the labels
 * rather than by a filter expression whose precedence nobody checked.
 */
final class ResourcePurger {
    private static final Logger LOG = LoggerFactory.getLogger(ResourcePurger.class);

    private final Compute compute;
    private final String provider;

    ResourcePurger(Compute compute, String provider) {
        this.compute = compute;
        this.provider = provider;
    }

    void purge(Set<String> zones, Set<String> configuredPools, Allowlist allowlist) {
        for (String zone : zones) {
            List<JsonNode> deletions = new ArrayList<>();
            for (JsonNode instance : compute.list(zone, "instances", Optional.empty())) {
                if (unconfigured(instance, configuredPools, allowlist)) {
                    deletions.add(delete(zone, "instances", instance));
                }
            }
            compute.awaitAll(deletions, provider + ": purge instances in " + zone);
            deletions.clear();
            for (JsonNode disk : compute.list(zone, "disks", Optional.empty())) {
                if (disk.path("users").isEmpty() && unconfigured(disk, configuredPools, allowlist)) {
                    deletions.add(delete(zone, "disks", disk));
                }
            }
            compute.awaitAll(deletions, provider + ": purge disks in " + zone);
        }
        List<JsonNode> deletions = new ArrayList<>();
        for (JsonNode snapshot : compute.list(null, "snapshots", Optional.empty())) {
            if (unconfigured(snapshot, configuredPools, allowlist)) {
                deletions.add(delete(null, "snapshots", snapshot));
            }
        }
        compute.awaitAll(deletions, provider + ": purge snapshots");
    }

    private static boolean unconfigured(JsonNode resource, Set<String> configuredPools, Allowlist allowlist) {
        Map<String, String> labels = GceLabels.read(resource);
        return !configuredPools.contains(labels.get("pool")) && !allowlist.keeps(labels);
    }

    private JsonNode delete(String zone, String collection, JsonNode resource) {
        String name = resource.path("name").asText();
        LOG.info("{}: purging unconfigured {} {} (labels {})", provider, collection.replaceAll("s$", ""), name,
                GceLabels.read(resource));
        return compute.delete(zone, collection, name);
    }
}
