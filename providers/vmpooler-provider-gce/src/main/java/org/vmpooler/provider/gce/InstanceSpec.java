package org.vmpooler.provider.gce;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.vmpooler.gcp.GoogleRest;
import org.vmpooler.provider.CreateRequest;

/**
 * The {@code instances.insert} body of a new VM: its machine type, hostname {@code <vm>.<domain>} when the pool
 * has a DNS domain, the engine's labels plus {@code vm} and {@code pool}, the project as network tag, one boot disk
 * {@code <vm>-disk0} from the template (deleted with the instance, labelled like it, of the pool's
 * {@code disk_type}), and one interface on {@code network_name} (and the pool's subnetwork) with an internal
 * address only.
 */
final class InstanceSpec {
    private InstanceSpec() {
    }

    static ObjectNode of(CreateRequest request, GcePool pool, GceSettings settings) {
        String vm = request.vm();
        Map<String, String> labels = new LinkedHashMap<>(request.labels().values());
        labels.put("vm", vm);
        labels.put("pool", request.pool());
        Map<String, String> diskLabels = Map.of("vm", vm, "pool", request.pool());

        ObjectNode body = GoogleRest.json().createObjectNode();
        body.put("name", vm).put("machineType", "zones/" + pool.zone() + "/machineTypes/" + pool.machineType());
        pool.domain().ifPresent(domain -> body.put("hostname", vm + "." + domain));
        body.set("labels", GceLabels.node(labels));
        body.putObject("tags").putArray("items").add(settings.project());

        ObjectNode disk = body.putArray("disks").addObject().put("boot", true).put("autoDelete", true);
        ObjectNode init = disk.putObject("initializeParams").put("sourceImage", request.template())
                .put("diskName", vm + "-disk0");
        init.set("labels", GceLabels.node(diskLabels));
        pool.diskType().ifPresent(type -> init.put("diskType", "zones/" + pool.zone() + "/diskTypes/" + type));

        ObjectNode nic = body.putArray("networkInterfaces").addObject();
        String network = settings.networkName();
        nic.put("network", network.contains("/") ? network : "global/networks/" + network);
        pool.subnetwork().ifPresent(subnet -> nic.put("subnetwork", subnet.contains("/") ? subnet
                : "regions/" + pool.region() + "/subnetworks/" + subnet));
        return body;
    }
}
