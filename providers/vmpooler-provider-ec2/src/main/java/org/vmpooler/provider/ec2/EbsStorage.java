package org.vmpooler.provider.ec2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.provider.ProviderException;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceBlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.InstanceBlockDeviceMappingSpecification;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotState;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeState;

/**
 * A VM's EBS volumes: extra disks, snapshots of every attached volume, and reverting to them. Every volume and
 * snapshot carries its VM's tags, so it is found (and deleted with the VM, or purged) by the same tags as the
 * instance.
 */
final class EbsStorage {
    private static final Logger LOG = LoggerFactory.getLogger(EbsStorage.class);
    /** The device names AWS recommends for data volumes of EBS-backed instances. */
    private static final List<String> DATA_DEVICES = "fghijklmnop".chars()
            .mapToObj(c -> "/dev/sd" + (char) c).toList();

    private final Ec2Api api;
    private final Poller poller;

    EbsStorage(Ec2Api api, Poller poller) {
        this.api = api;
        this.poller = poller;
    }

    /** Creates a volume in the instance's zone and attaches it at the next free device, deleted with the instance. */
    void addDisk(Instance instance, int sizeGb, Optional<String> volumeType) {
        String vm = vmName(instance);
        String device = nextFreeDevice(instance);
        List<Tag> tags = tagsOf(instance, Map.of(InstanceTags.DEVICE, device));
        String volumeId = api.ec2("create a " + sizeGb + " GB volume for VM " + vm, ec2 -> ec2.createVolume(r -> r
                .availabilityZone(instance.placement().availabilityZone())
                .size(sizeGb)
                .volumeType(volumeType.orElse(null))
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.VOLUME).tags(tags).build()))
                .volumeId());
        awaitVolume(volumeId, VolumeState.AVAILABLE);
        attach(instance, volumeId, device);
        LOG.info("Provider {} added {} GB volume {} to VM {} as {}", api.provider(), sizeGb, volumeId, vm, device);
    }

    /** Whether the VM has snapshots of that name. */
    boolean hasSnapshot(Instance instance, String name) {
        return !snapshots(instance, name).isEmpty();
    }

    /** One EBS snapshot per attached volume, each tagged with the snapshot's name and the volume's device. */
    void snapshot(Instance instance, String name) {
        String vm = vmName(instance);
        List<String> ids = new ArrayList<>();
        for (InstanceBlockDeviceMapping mapping : instance.blockDeviceMappings()) {
            String volumeId = mapping.ebs().volumeId();
            List<Tag> tags = tagsOf(instance, Map.of(InstanceTags.SNAPSHOT, name,
                    InstanceTags.DEVICE, mapping.deviceName()));
            ids.add(api.ec2("snapshot volume " + volumeId + " of VM " + vm, ec2 -> ec2.createSnapshot(r -> r
                    .volumeId(volumeId)
                    .description("vmpooler snapshot " + name + " of VM " + vm + " " + mapping.deviceName())
                    .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.SNAPSHOT).tags(tags)
                            .build())).snapshotId()));
        }
        poller.until("snapshots " + ids + " of VM " + vm + " to complete", () -> {
            List<Snapshot> states = api.ec2("check snapshots " + ids, ec2 -> ec2.describeSnapshots(r -> r
                    .snapshotIds(ids)).snapshots());
            for (Snapshot s : states) {
                if (s.state() == SnapshotState.ERROR) {
                    throw new ProviderException("provider " + api.provider() + ": snapshot " + s.snapshotId()
                            + " of VM " + vm + " failed: " + s.stateMessage());
                }
            }
            return states.size() == ids.size() && states.stream().allMatch(s -> s.state() == SnapshotState.COMPLETED)
                    ? Optional.of(true) : Optional.empty();
        });
        LOG.info("Provider {} took snapshot {} of VM {}: {}", api.provider(), name, vm, ids);
    }

    /**
     * Replaces each snapshotted volume with a new one made from its snapshot, with the instance stopped; volumes
     * added after the snapshot stay attached. False when the VM has no snapshot of that name.
     */
    boolean revert(Instance instance, String name, Runnable stop, Runnable start) {
        List<Snapshot> snapshots = snapshots(instance, name);
        if (snapshots.isEmpty()) {
            return false;
        }
        String vm = vmName(instance);
        stop.run();
        Map<String, String> attached = instance.blockDeviceMappings().stream().collect(Collectors.toMap(
                InstanceBlockDeviceMapping::deviceName, m -> m.ebs().volumeId(), (a, b) -> a, LinkedHashMap::new));
        for (Snapshot snapshot : snapshots) {
            String device = InstanceTags.map(snapshot.tags()).get(InstanceTags.DEVICE);
            List<Tag> tags = tagsOf(instance, Map.of(InstanceTags.DEVICE, device));
            String volumeId = api.ec2("restore volume " + device + " of VM " + vm + " from " + snapshot.snapshotId(),
                    ec2 -> ec2.createVolume(r -> r.availabilityZone(instance.placement().availabilityZone())
                            .snapshotId(snapshot.snapshotId())
                            .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.VOLUME)
                                    .tags(tags).build())).volumeId());
            awaitVolume(volumeId, VolumeState.AVAILABLE);
            String old = attached.get(device);
            if (old != null) {
                api.ec2("detach volume " + old + " from VM " + vm, ec2 -> ec2.detachVolume(r -> r.volumeId(old)));
                awaitVolume(old, VolumeState.AVAILABLE);
            }
            attach(instance, volumeId, device);
            if (old != null) {
                api.ec2("delete replaced volume " + old + " of VM " + vm, ec2 -> ec2.deleteVolume(r -> r.volumeId(old)));
            }
        }
        start.run();
        LOG.info("Provider {} reverted VM {} to snapshot {}", api.provider(), vm, name);
        return true;
    }

    /** Deletes the VM's snapshots and its volumes that are no longer attached: what outlives a terminated instance. */
    void deleteLeftovers(String pool, String vm) {
        List<Filter> filters = List.of(InstanceTags.tag(InstanceTags.PROVIDER, api.provider()),
                InstanceTags.tag("pool", pool), InstanceTags.tag("vm", vm));
        deleteVolumes(volumes(filters, "of VM " + vm), "of VM " + vm);
        deleteSnapshots(snapshots(filters, "of VM " + vm), "of VM " + vm);
    }

    void deleteVolumes(List<Volume> volumes, String what) {
        for (Volume volume : volumes) {
            api.ec2("delete volume " + volume.volumeId() + " " + what,
                    ec2 -> ec2.deleteVolume(r -> r.volumeId(volume.volumeId())));
            LOG.info("Provider {} deleted volume {} {}", api.provider(), volume.volumeId(), what);
        }
    }

    void deleteSnapshots(List<Snapshot> snapshots, String what) {
        for (Snapshot snapshot : snapshots) {
            api.ec2("delete snapshot " + snapshot.snapshotId() + " " + what,
                    ec2 -> ec2.deleteSnapshot(r -> r.snapshotId(snapshot.snapshotId())));
            LOG.info("Provider {} deleted snapshot {} {}", api.provider(), snapshot.snapshotId(), what);
        }
    }

    /** The unattached volumes matching {@code filters}. */
    List<Volume> volumes(List<Filter> filters, String what) {
        return api.ec2("list volumes " + what, ec2 -> ec2.describeVolumesPaginator(r -> r.filters(withState(filters)))
                .volumes().stream().toList());
    }

    List<Snapshot> snapshots(List<Filter> filters, String what) {
        return api.ec2("list snapshots " + what, ec2 -> ec2.describeSnapshotsPaginator(r -> r.ownerIds("self")
                .filters(filters)).snapshots().stream().toList());
    }

    private static List<Filter> withState(List<Filter> filters) {
        List<Filter> all = new ArrayList<>(filters);
        all.add(Filter.builder().name("status").values("available").build());
        return all;
    }

    private List<Snapshot> snapshots(Instance instance, String name) {
        Map<String, String> tags = InstanceTags.map(instance.tags());
        return snapshots(List.of(InstanceTags.tag("pool", tags.get("pool")), InstanceTags.tag("vm", tags.get("vm")),
                InstanceTags.tag(InstanceTags.SNAPSHOT, name)), "named " + name + " of VM " + vmName(instance));
    }

    private void attach(Instance instance, String volumeId, String device) {
        String vm = vmName(instance);
        api.ec2("attach volume " + volumeId + " to VM " + vm + " as " + device, ec2 -> ec2.attachVolume(r -> r
                .instanceId(instance.instanceId()).volumeId(volumeId).device(device)));
        // Volumes attached after launch outlive the instance unless told otherwise.
        api.ec2("mark volume " + volumeId + " of VM " + vm + " delete-on-termination",
                ec2 -> ec2.modifyInstanceAttribute(r -> r.instanceId(instance.instanceId()).blockDeviceMappings(
                        InstanceBlockDeviceMappingSpecification.builder().deviceName(device)
                                .ebs(e -> e.volumeId(volumeId).deleteOnTermination(true)).build())));
        awaitVolume(volumeId, VolumeState.IN_USE);
    }

    private Volume awaitVolume(String volumeId, VolumeState state) {
        return poller.until("volume " + volumeId + " to be " + state, () -> api.ec2("check volume " + volumeId,
                ec2 -> ec2.describeVolumes(r -> r.volumeIds(volumeId)).volumes()).stream()
                .filter(v -> v.state() == state).findFirst());
    }

    private String nextFreeDevice(Instance instance) {
        Set<String> used = instance.blockDeviceMappings().stream().map(InstanceBlockDeviceMapping::deviceName)
                .map(d -> d.replace("/dev/xvd", "/dev/sd")).collect(Collectors.toSet());
        return DATA_DEVICES.stream().filter(d -> !used.contains(d)).findFirst().orElseThrow(() ->
                ProviderException.permanent("provider " + api.provider() + ": VM " + vmName(instance)
                        + " has no free device name left for another volume (" + used + ")"));
    }

    /** The instance's own tags (not AWS's) plus {@code extra}, for the volumes and snapshots made for it. */
    private static List<Tag> tagsOf(Instance instance, Map<String, String> extra) {
        Map<String, String> tags = new LinkedHashMap<>(InstanceTags.map(instance.tags()));
        tags.keySet().removeIf(k -> k.startsWith("aws:") || k.equals(InstanceTags.TOKEN_USER));
        tags.putAll(extra);
        return InstanceTags.list(tags);
    }

    private static String vmName(Instance instance) {
        return InstanceTags.map(instance.tags()).getOrDefault("vm", instance.instanceId());
    }
}
