package org.vmpooler.provider.ec2;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.config.PoolConfig;
import org.vmpooler.config.Settings;
import org.vmpooler.provider.ConnectionPooled;
import org.vmpooler.provider.CreateRequest;
import org.vmpooler.provider.Provider;
import org.vmpooler.provider.ProviderConnectionPool;
import org.vmpooler.provider.ProviderContext;
import org.vmpooler.provider.ProviderException;
import org.vmpooler.provider.Readiness;
import org.vmpooler.provider.VmInfo;
import org.vmpooler.provider.capability.Disks;
import org.vmpooler.provider.capability.ResourcePurge;
import org.vmpooler.provider.capability.Snapshots;
import org.vmpooler.provider.capability.UserTagging;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.Volume;

/**
 * VMs as EC2 instances. A VM is the live instance tagged with its pool and name; everything made for it (volumes,
 * snapshots) carries the same tags. Creating returns once EC2 accepted the launch (the instance is
 * {@code pending} and already has its private IP); readiness is the instance {@code running}, after which the
 * pool's {@code ready_check} applies. Destroying terminates the instance and waits until EC2 reports it
 * terminated, then deletes the VM's snapshots and any volume it left.
 */
public final class Ec2Provider implements Provider, ConnectionPooled, Disks, Snapshots, UserTagging, ResourcePurge {
    private static final Logger LOG = LoggerFactory.getLogger(Ec2Provider.class);

    private final String name;
    private final Ec2Settings settings;
    private final Map<String, Settings> pools;
    private final ProviderConnectionPool connections;
    private final Ec2Api api;
    private final InstanceLauncher launcher;
    private final EbsStorage storage;
    private final Poller poller;
    /** Device names are chosen from what is attached, so two disks for one VM are added one after the other. */
    private final Map<String, Object> vmLocks = new ConcurrentHashMap<>();

    public Ec2Provider(ProviderContext context, AwsCredentialsProvider credentials) {
        this.name = context.provider().name();
        this.settings = Ec2Settings.of(context.provider().settings());
        this.pools = context.config().pools().stream().filter(p -> p.provider().equals(name))
                .collect(Collectors.toUnmodifiableMap(PoolConfig::name, PoolConfig::settings));
        pools.values().forEach(pool -> Ec2PoolSettings.of(pool, settings));
        this.connections = new ProviderConnectionPool(ProviderConnectionPool.PROVIDER_TYPE, name,
                settings.connectionPoolSize(), settings.connectionPoolTimeout(), context.metrics());
        this.api = new Ec2Api(Ec2Clients.of(settings, credentials), connections, name);
        this.poller = new Poller(settings.pollInterval(), settings.waitLimit());
        this.launcher = new InstanceLauncher(api, settings, new AmiCatalog(api, context.clock()));
        this.storage = new EbsStorage(api, poller);
        LOG.info("EC2 provider {} in region {}{} serving pools {}", name, settings.region(),
                settings.ec2Endpoint().map(e -> " through " + e).orElse(""), pools.keySet());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        api.close();
    }

    @Override
    public ProviderConnectionPool connectionPool() {
        return connections;
    }

    @Override
    public List<String> vmsInPool(String pool) {
        return instances(List.of(InstanceTags.tag("pool", pool)), "list the VMs of pool " + pool).stream()
                .map(i -> InstanceTags.map(i.tags()).get("vm")).filter(vm -> vm != null).distinct().toList();
    }

    @Override
    public Optional<VmInfo> getVm(String pool, String vm) {
        return instance(pool, vm).map(i -> info(pool, vm, i));
    }

    @Override
    public VmInfo createVm(CreateRequest request) {
        if (!pools.containsKey(request.pool())) {
            throw ProviderException.permanent("provider " + name + " does not serve pool " + request.pool()
                    + "; its pools are " + pools.keySet().stream().sorted().toList());
        }
        return info(request.pool(), request.vm(), launcher.launch(request));
    }

    @Override
    public Optional<String> vmIpAddress(String pool, String vm) {
        return instance(pool, vm).map(Instance::privateIpAddress);
    }

    @Override
    public Readiness vmReady(String pool, String vm) {
        return instance(pool, vm).map(i -> i.state().name() == InstanceStateName.RUNNING ? Readiness.isReady()
                        : Readiness.notReady("instance " + i.instanceId() + " is " + i.state().nameAsString()))
                .orElseGet(() -> Readiness.notReady("VM " + vm + " has no instance in pool " + pool));
    }

    @Override
    public boolean destroyVm(String pool, String vm) {
        List<String> ids = instances(vmFilters(pool, vm), "find VM " + vm + " of pool " + pool).stream()
                .map(Instance::instanceId).toList();
        if (!ids.isEmpty()) {
            terminate(ids, "VM " + vm + " of pool " + pool);
        }
        storage.deleteLeftovers(pool, vm);
        return true;
    }

    @Override
    public boolean createDisk(String pool, String vm, int sizeGb) {
        if (sizeGb < 1 || sizeGb > 16384) {
            throw ProviderException.permanent("provider " + name + ": cannot add a disk of " + sizeGb + " GB to VM "
                    + vm + "; EBS volumes are 1 to 16384 GB");
        }
        synchronized (lock(vm)) {
            Instance instance = existing(pool, vm);
            storage.addDisk(instance, sizeGb, poolSettings(pool).volumeType());
        }
        return true;
    }

    @Override
    public boolean createSnapshot(String pool, String vm, String snapshotName) {
        synchronized (lock(vm)) {
            Instance instance = existing(pool, vm);
            if (storage.hasSnapshot(instance, snapshotName)) {
                throw ProviderException.permanent("provider " + name + ": VM " + vm + " already has a snapshot named "
                        + snapshotName);
            }
            storage.snapshot(instance, snapshotName);
        }
        return true;
    }

    @Override
    public boolean revertSnapshot(String pool, String vm, String snapshotName) {
        synchronized (lock(vm)) {
            Instance instance = existing(pool, vm);
            String id = instance.instanceId();
            return storage.revert(instance, snapshotName,
                    () -> changeState(id, vm, InstanceStateName.STOPPED,
                            ec2 -> ec2.stopInstances(r -> r.instanceIds(id)), "stop"),
                    () -> changeState(id, vm, InstanceStateName.RUNNING,
                            ec2 -> ec2.startInstances(r -> r.instanceIds(id)), "start"));
        }
    }

    /** Tags the instance {@code token-user}; a VM handed out without a token keeps no such tag. */
    @Override
    public boolean tagVmUser(String pool, String vm, String user) {
        if (user == null || user.isBlank()) {
            return true;
        }
        Optional<Instance> instance = instance(pool, vm);
        instance.ifPresent(i -> api.ec2("tag VM " + vm + " with its user", ec2 -> ec2.createTags(r -> r
                .resources(i.instanceId()).tags(InstanceTags.list(Map.of(InstanceTags.TOKEN_USER, user))))));
        return true;
    }

    /**
     * Terminates instances and deletes unattached volumes and snapshots that this provider instance made (tag
     * {@code vmpooler_provider}) for pools it no longer serves and that are not in the allow-list. Resources
     * without the tag, made by hand or by another vmpooler, are never touched.
     */
    @Override
    public void purgeUnconfiguredResources(List<String> allowlist) {
        Set<String> keep = new HashSet<>(pools.keySet());
        keep.addAll(allowlist);
        List<Filter> ours = List.of(InstanceTags.tag(InstanceTags.PROVIDER, name));
        Map<String, List<String>> doomed = new LinkedHashMap<>();
        for (Instance i : instances(ours, "list instances to purge")) {
            String pool = InstanceTags.map(i.tags()).getOrDefault("pool", "");
            if (!keep.contains(pool)) {
                doomed.computeIfAbsent(pool, p -> new ArrayList<>()).add(i.instanceId());
            }
        }
        doomed.forEach((pool, ids) -> {
            LOG.info("Provider {} purges instances {} of pool {}, which is no longer configured", name, ids, pool);
            terminate(ids, "purged pool " + pool);
        });
        List<Volume> volumes = storage.volumes(ours, "to purge").stream()
                .filter(v -> !keep.contains(InstanceTags.map(v.tags()).getOrDefault("pool", ""))).toList();
        storage.deleteVolumes(volumes, "of an unconfigured pool");
        List<Snapshot> snapshots = storage.snapshots(ours, "to purge").stream()
                .filter(s -> !keep.contains(InstanceTags.map(s.tags()).getOrDefault("pool", ""))).toList();
        storage.deleteSnapshots(snapshots, "of an unconfigured pool");
    }

    private void terminate(List<String> ids, String what) {
        api.ec2("terminate " + what + " (" + ids + ")", ec2 -> ec2.terminateInstances(r -> r.instanceIds(ids)));
        poller.until(what + " " + ids + " to terminate", () -> {
            List<Instance> left = api.ec2("check the termination of " + what, ec2 -> ec2.describeInstancesPaginator(r
                    -> r.instanceIds(ids)).reservations().stream().flatMap(res -> res.instances().stream())
                    .filter(i -> i.state().name() != InstanceStateName.TERMINATED).toList());
            return left.isEmpty() ? Optional.of(true) : Optional.empty();
        });
        LOG.info("Provider {} terminated {} ({})", name, what, ids);
    }

    private void changeState(String id, String vm, InstanceStateName target,
                             Function<Ec2Client, ?> change,
                             String verb) {
        api.ec2(verb + " VM " + vm + " (" + id + ")", change);
        poller.until("VM " + vm + " (" + id + ") to be " + target, () -> api.ec2("check VM " + vm,
                ec2 -> ec2.describeInstances(r -> r.instanceIds(id))).reservations().stream()
                .flatMap(r -> r.instances().stream()).filter(i -> i.state().name() == target).findFirst());
    }

    private List<Instance> instances(List<Filter> filters, String doing) {
        List<Filter> all = new ArrayList<>(filters);
        all.add(InstanceTags.liveInstances());
        return api.ec2(doing, ec2 -> ec2.describeInstancesPaginator(r -> r.filters(all)).reservations().stream()
                .flatMap(r -> r.instances().stream()).toList());
    }

    private static List<Filter> vmFilters(String pool, String vm) {
        return List.of(InstanceTags.tag("pool", pool), InstanceTags.tag("vm", vm));
    }

    /** The VM's instance; a running one first should a retried launch ever have left two. */
    private Optional<Instance> instance(String pool, String vm) {
        return instances(vmFilters(pool, vm), "look up VM " + vm + " of pool " + pool).stream()
                .filter(i -> i.state().name() != InstanceStateName.SHUTTING_DOWN)
                .min((a, b) -> Boolean.compare(a.state().name() != InstanceStateName.RUNNING,
                        b.state().name() != InstanceStateName.RUNNING));
    }

    private Instance existing(String pool, String vm) {
        return instance(pool, vm).orElseThrow(() -> new ProviderException("provider " + name + ": VM " + vm
                + " does not exist in pool " + pool));
    }

    private Ec2PoolSettings poolSettings(String pool) {
        return Ec2PoolSettings.of(pools.getOrDefault(pool, Settings.empty(":pools: > " + pool)), settings);
    }

    private Object lock(String vm) {
        return vmLocks.computeIfAbsent(vm, v -> new Object());
    }

    private VmInfo info(String pool, String vm, Instance i) {
        Map<String, String> extras = new LinkedHashMap<>();
        extras.put("instance_id", i.instanceId());
        extras.put("instance_type", i.instanceTypeAsString());
        Optional.ofNullable(i.placement()).map(p -> p.availabilityZone()).ifPresent(z -> extras.put("zone", z));
        Optional.ofNullable(i.subnetId()).ifPresent(s -> extras.put("subnet_id", s));
        Optional.ofNullable(i.privateDnsName()).filter(d -> !d.isBlank()).ifPresent(d -> extras.put("host", d));
        Optional.ofNullable(InstanceTags.map(i.tags()).get(InstanceTags.TOKEN_USER))
                .ifPresent(u -> extras.put("user", u));
        return new VmInfo(vm, Optional.empty(), i.imageId(), pool, Optional.ofNullable(i.launchTime()),
                i.state().nameAsString(), Optional.ofNullable(i.privateIpAddress()), extras,
                InstanceTags.labels(i.tags()));
    }
}
