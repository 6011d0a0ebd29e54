package org.vmpooler.provider.gce;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.vmpooler.gcp.GoogleApiException;
import org.vmpooler.gcp.GoogleRest;
import org.vmpooler.provider.ProviderException;

/**
 * Extra disks, snapshots and reverts of one instance. Disks are {@code <vm>-disk<N>} labelled {@code vm} and
 * {@code pool}; a snapshot is one Compute snapshot per attached disk, labelled {@code snapshot_name}, {@code vm},
 * {@code pool}, {@code diskname} and {@code boot} (the reference's labels), and found by those labels. A revert
 * stops the instance, replaces every attached disk by one made from its snapshot (boot disk first, re-attached as
 * boot) and starts it again; like the reference's it is not crash-safe: an interrupted revert leaves a stopped
 * instance, which the engine then retires as not ready.
 */
final class DiskOperations {
    private static final Pattern DISK_NUMBER = Pattern.compile(".*-disk(\\d+)$");
    private static final int NAME_TRIES = 5;

    private final Compute compute;

    DiskOperations(Compute compute) {
        this.compute = compute;
    }

    void addDisk(String zone, JsonNode instance, String pool, int sizeGb, Optional<String> diskType) {
        String vm = instance.path("name").asText();
        int number = nextDiskNumber(instance);
        for (int tries = 1; ; tries++, number++) {
            String name = vm + "-disk" + number;
            ObjectNode disk = GoogleRest.json().createObjectNode().put("name", name).put("sizeGb", Integer.toString(sizeGb));
            disk.set("labels", GceLabels.node(Map.of("vm", vm, "pool", pool)));
            diskType.ifPresent(t -> disk.put("type", "zones/" + zone + "/diskTypes/" + t));
            JsonNode op;
            try {
                op = compute.insert(zone, "disks", disk);
            } catch (GoogleApiException e) {
                if (e.status() == 409 && tries < NAME_TRIES) {
                    continue; // A concurrent request took this number.
                }
                throw e;
            }
            compute.await(op, "create disk " + name + " for " + vm);
            attach(zone, vm, name, false);
            return;
        }
    }

    void snapshot(String zone, JsonNode instance, String pool, String snapshotName) {
        String vm = instance.path("name").asText();
        if (!findSnapshots(vm, snapshotName).isEmpty()) {
            throw ProviderException.permanent("snapshot " + snapshotName + " of " + vm + " already exists");
        }
        List<JsonNode> operations = new ArrayList<>();
        for (JsonNode attached : instance.path("disks")) {
            String disk = Compute.lastSegment(attached.path("source").asText());
            ObjectNode body = GoogleRest.json().createObjectNode()
                    .put("name", GceLabels.snapshotResource(disk, snapshotName));
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put(GceLabels.SNAPSHOT_NAME, snapshotName);
            labels.put("vm", vm);
            labels.put("pool", pool);
            labels.put("diskname", disk);
            labels.put("boot", Boolean.toString(attached.path("boot").asBoolean()));
            body.set("labels", GceLabels.node(labels));
            operations.add(compute.act(zone, "disks", disk, "createSnapshot", Map.of(), body));
        }
        compute.awaitAll(operations, "snapshot " + snapshotName + " of " + vm);
    }

    /** False when the VM has no snapshot of that name. */
    boolean revert(String zone, JsonNode instance, String snapshotName) {
        String vm = instance.path("name").asText();
        List<JsonNode> snapshots = new ArrayList<>(findSnapshots(vm, snapshotName));
        if (snapshots.isEmpty()) {
            return false;
        }
        snapshots.sort(Comparator.comparing((JsonNode s) -> !"true".equals(s.path("labels").path("boot").asText())));
        String what = "revert " + vm + " to snapshot " + snapshotName;
        compute.await(compute.act(zone, "instances", vm, "stop", Map.of(), null), what + " (stop)");
        Map<String, JsonNode> replaced = new LinkedHashMap<>();
        for (JsonNode attached : instance.path("disks")) {
            String disk = Compute.lastSegment(attached.path("source").asText());
            compute.get(zone, "disks", disk).ifPresent(d -> replaced.put(disk, d));
            compute.await(compute.act(zone, "instances", vm, "detachDisk",
                    Map.of("deviceName", attached.path("deviceName").asText()), null), what + " (detach " + disk + ")");
            compute.await(compute.delete(zone, "disks", disk), what + " (delete " + disk + ")");
        }
        for (JsonNode snapshot : snapshots) {
            String disk = snapshot.path("labels").path("diskname").asText();
            ObjectNode body = GoogleRest.json().createObjectNode().put("name", disk)
                    .put("sourceSnapshot", "global/snapshots/" + snapshot.path("name").asText());
            JsonNode old = replaced.get(disk);
            if (old != null) {
                body.set("labels", old.path("labels").deepCopy());
                if (old.hasNonNull("type")) {
                    body.put("type", old.path("type").asText());
                }
            }
            compute.await(compute.insert(zone, "disks", body), what + " (recreate " + disk + ")");
            attach(zone, vm, disk, "true".equals(snapshot.path("labels").path("boot").asText()));
        }
        compute.await(compute.act(zone, "instances", vm, "start", Map.of(), null), what + " (start)");
        return true;
    }

    private void attach(String zone, String vm, String disk, boolean boot) {
        ObjectNode body = GoogleRest.json().createObjectNode().put("source", compute.resource(zone, "disks", disk))
                .put("autoDelete", true).put("boot", boot);
        compute.await(compute.act(zone, "instances", vm, "attachDisk", Map.of(), body), "attach " + disk + " to " + vm);
    }

    private List<JsonNode> findSnapshots(String vm, String snapshotName) {
        return compute.list(null, "snapshots", Optional.of(GceLabels.filter(Map.of("vm", vm,
                GceLabels.SNAPSHOT_NAME, GceLabels.value(snapshotName)))));
    }

    private static int nextDiskNumber(JsonNode instance) {
        int next = instance.path("disks").size();
        for (JsonNode attached : instance.path("disks")) {
            Matcher m = DISK_NUMBER.matcher(Compute.lastSegment(attached.path("source").asText()));
            if (m.matches()) {
                next = Math.max(next, Integer.parseInt(m.group(1)) + 1);
            }
        }
        return next;
    }
}
