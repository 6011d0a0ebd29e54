package org.vmpooler.provider.ec2;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.vmpooler.provider.VmLabels;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * How vmpooler's labels live on EC2: each label is a tag of the same name on the instance and on every volume
 * and snapshot made for it, so one filtered call finds a pool's or a VM's resources. {@code Name} (the console's
 * column) is the VM's name, {@code vmpooler_provider} the provider instance that made it (what purging is
 * limited to), {@code token-user} the user a VM was handed to (as the reference's EC2 provider tagged it).
 */
final class InstanceTags {
    static final String NAME = "Name";
    static final String PROVIDER = "vmpooler_provider";
    static final String TOKEN_USER = "token-user";
    static final String SNAPSHOT = "vmpooler_snapshot";
    static final String DEVICE = "vmpooler_device";
    static final Set<String> LABELS = Set.of(VmLabels.INSTANCE, VmLabels.POOL, VmLabels.VM, VmLabels.REQUEST_ID,
            VmLabels.USER);
    static final Set<String> RESERVED = Set.of(NAME, PROVIDER, TOKEN_USER, SNAPSHOT, DEVICE, VmLabels.INSTANCE,
            VmLabels.POOL, VmLabels.VM, VmLabels.REQUEST_ID, VmLabels.USER);

    /** Instance states a VM can be in until it is gone; {@code terminated} instances linger for an hour. */
    static final List<String> LIVE_STATES = List.of("pending", "running", "shutting-down", "stopping", "stopped");

    private InstanceTags() {
    }

    /** The tags of a new VM's instance and volumes: the provider's own tags, then vmpooler's. */
    static List<Tag> forVm(String provider, Map<String, String> extra, VmLabels labels, String vm) {
        Map<String, String> tags = new LinkedHashMap<>(extra);
        tags.putAll(labels.values());
        tags.put(NAME, vm);
        tags.put(PROVIDER, provider);
        return list(tags);
    }

    static List<Tag> list(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    static Map<String, String> map(List<Tag> tags) {
        Map<String, String> map = new LinkedHashMap<>();
        tags.forEach(t -> map.put(t.key(), t.value()));
        return map;
    }

    /** The labels among a resource's tags. */
    static VmLabels labels(List<Tag> tags) {
        Map<String, String> labels = new LinkedHashMap<>(map(tags));
        labels.keySet().retainAll(LABELS);
        return new VmLabels(labels);
    }

    static Filter tag(String key, String value) {
        return Filter.builder().name("tag:" + key).values(value).build();
    }

    static Filter tagKey(String key) {
        return Filter.builder().name("tag-key").values(key).build();
    }

    static Filter liveInstances() {
        return Filter.builder().name("instance-state-name").values(LIVE_STATES).build();
    }
}
