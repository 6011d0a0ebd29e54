package org.vmpooler.provider.vsphere;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.config.PoolConfig;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.provider.ConnectionPooled;
import org.vmpooler.provider.CreateRequest;
import org.vmpooler.provider.Provider;
import org.vmpooler.provider.ProviderConnectionPool;
import org.vmpooler.provider.ProviderException;
import org.vmpooler.provider.Readiness;
import org.vmpooler.provider.VmInfo;
import org.vmpooler.provider.capability.Disks;
import org.vmpooler.provider.capability.HostMigration;
import org.vmpooler.provider.capability.ResourcePurge;
import org.vmpooler.provider.capability.Snapshots;
import org.vmpooler.provider.capability.TemplateDeltaDisks;
import org.vmpooler.provider.vsphere.soap.MoRef;
import org.vmpooler.provider.vsphere.soap.ObjectContent;
import org.vmpooler.provider.vsphere.soap.PropertyReader;
import org.vmpooler.provider.vsphere.soap.VimFault;
import org.vmpooler.provider.vsphere.soap.VimSession;
import org.vmpooler.provider.vsphere.soap.Xml;
import org.vmpooler.provider.vsphere.soap.XmlBody;
import org.w3c.dom.Element;

/**
 * {@code provider_class: vsphere}: VMs cloned from templates into each pool's folder of a vCenter, with the Ruby
 * provider's keys and behaviour. A pool's VMs are the VMs in its folder, listed with one property-collector call.
 * vmpooler's labels travel as {@code guestinfo.vmpooler.*} VMX options set by the clone itself.
 */
public final class VsphereProvider implements Provider, ConnectionPooled, Disks, Snapshots, HostMigration,
        TemplateDeltaDisks, ResourcePurge {
    private static final Logger LOG = LoggerFactory.getLogger(VsphereProvider.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration FIRST_ADDRESS_POLL = Duration.ofMillis(50);

    private final String name;
    private final VsphereSettings settings;
    private final Map<String, VspherePool> pools;
    private final Map<String, PoolConfig> poolConfigs;
    private final ProviderConnectionPool connections;
    private final VimSession session;
    private final PropertyReader properties;
    private final Inventory inventory;
    private final HostSelector hosts;
    private final Metrics metrics;
    private final Clock clock;
    /** VMs seen in a pool listing, so that looking one up again costs one call instead of two. */
    private final Map<String, MoRef> seenVms = new ConcurrentHashMap<>();
    private final AtomicInteger migrating = new AtomicInteger();

    VsphereProvider(String name, VsphereSettings settings, Map<String, VspherePool> pools,
                    Map<String, PoolConfig> poolConfigs, Metrics metrics, Clock clock) {
        this.name = name;
        this.settings = settings;
        this.pools = Map.copyOf(pools);
        this.poolConfigs = Map.copyOf(poolConfigs);
        this.metrics = metrics;
        this.clock = clock;
        this.connections = new ProviderConnectionPool(ProviderConnectionPool.PROVIDER_TYPE, name,
                settings.connectionPoolSize(), settings.connectionPoolTimeout(), metrics);
        this.session = new VimSession(settings.endpoint(), settings.insecure(), settings.timeout(),
                settings.username(), settings.password(), connections, metrics, name);
        this.properties = new PropertyReader(session);
        this.inventory = new Inventory(session, properties);
        this.hosts = new HostSelector(properties, clock, settings.hostSelectionMaxAge(), settings.utilizationLimit());
    }

    @Override
    public void close() {
        session.logout();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ProviderConnectionPool connectionPool() {
        return connections;
    }

    /** SOAP requests sent so far (for the benchmark's round trips per manager pass). */
    public long roundTrips() {
        return session.roundTrips();
    }

    @Override
    public List<String> vmsInPool(String pool) {
        VspherePool config = pools.get(pool);
        if (config == null) {
            return List.of();
        }
        return vim("list pool " + pool, () -> {
            Optional<MoRef> folder = inventory.lasting(config.folderPath());
            if (folder.isEmpty()) {
                return List.<String>of();
            }
            List<String> names = new ArrayList<>();
            for (ObjectContent vm : properties.related(folder.get(), "Folder", "childEntity", "VirtualMachine",
                    List.of("name"))) {
                String vmName = vm.text("name").orElse("");
                seenVms.put(pool + "/" + vmName, vm.obj());
                names.add(vmName);
            }
            return names;
        });
    }

    @Override
    public Optional<VmInfo> getVm(String pool, String vm) {
        return vim("look up VM " + vm, () -> view(pool, vm).map(v -> info(pool, v)));
    }

    @Override
    public VmInfo createVm(CreateRequest request) {
        String pool = request.pool();
        String vm = request.vm();
        VspherePool config = served(pool);
        String template = validTemplate(request.template());
        return vim("clone VM " + vm + " in pool " + pool, () -> {
            MoRef templateRef = inventory.lasting(config.datacenter() + "/vm/" + template).orElseThrow(
                    () -> ProviderException.permanent(where() + ": template " + template + " of pool " + pool
                            + " does not exist in datacenter " + config.datacenter()));
            MoRef folder = inventory.folder(config.folderPath(), settings.createFolders()).orElseThrow(
                    () -> ProviderException.permanent(where() + ": cannot find the folder " + config.folderPath()
                            + " of pool " + pool + " (set create_folders: true to create it)"));
            Inventory.ComputeTarget target = computeTarget(request, config, templateRef);
            String spec = cloneSpec(request, config, templateRef, target);
            long started = System.nanoTime();
            MoRef task = MoRef.of(Xml.child(session.invoke("CloneVM_Task", templateRef, new XmlBody()
                    .ref("folder", folder).text("name", vm).raw(spec).toString()), "returnval").orElseThrow());
            MoRef created = MoRef.of(properties.await(task).orElseThrow());
            seenVms.put(pool + "/" + vm, created);
            VmView view = read(created).orElseThrow(() -> new ProviderException(where() + ": VM " + vm
                    + " vanished right after its clone"));
            VmView addressed = awaitAddress(created).orElse(view);
            LOG.info("vsphere {} cloned VM {} of pool {} from {} in {} ms, address {}", name, vm, pool, template,
                    (System.nanoTime() - started) / 1_000_000, addressed.ip().orElse("(none yet)"));
            return info(pool, addressed);
        });
    }

    @Override
    public Optional<String> vmIpAddress(String pool, String vm) {
        return vim("read the address of VM " + vm, () -> view(pool, vm).flatMap(VmView::ip));
    }

    @Override
    public Readiness vmReady(String pool, String vm) {
        return vim("check VM " + vm, () -> {
            Optional<VmView> view = view(pool, vm);
            if (view.isEmpty()) {
                return Readiness.notReady("VM " + vm + " does not exist in pool " + pool);
            }
            if (!view.get().poweredOn()) {
                return Readiness.notReady("VM " + vm + " is " + view.get().powerState());
            }
            if (view.get().ip().isEmpty()) {
                return Readiness.notReady("VM " + vm + " reports no guest address yet (VMware Tools)");
            }
            return Readiness.isReady();
        });
    }

    @Override
    public boolean destroyVm(String pool, String vm) {
        return vim("destroy VM " + vm, () -> {
            Optional<VmView> view = view(pool, vm);
            if (view.isEmpty()) {
                return true;
            }
            try {
                if (view.get().poweredOn()) {
                    await(session.invoke("PowerOffVM_Task", view.get().ref(), ""));
                }
                await(session.invoke("Destroy_Task", view.get().ref(), ""));
            } catch (VimFault fault) {
                if (!fault.is("ManagedObjectNotFound")) {
                    throw fault;
                }
            }
            seenVms.remove(pool + "/" + vm);
            LOG.info("vsphere {} destroyed VM {} of pool {}", name, vm, pool);
            return true;
        });
    }

    @Override
    public boolean createDisk(String pool, String vm, int sizeGb) {
        if (sizeGb < 1) {
            throw ProviderException.permanent(where() + ": cannot add a disk of " + sizeGb + " GB to VM " + vm);
        }
        VspherePool config = served(pool);
        return vim("add a disk to VM " + vm, () -> {
            VmView view = existing(pool, vm);
            Devices devices = new Devices(properties.of(view.ref(), List.of("config.hardware.device"))
                    .flatMap(c -> c.get("config.hardware.device")));
            String change = devices.newDisk(sizeGb, config.datastore()).orElseThrow(() -> new ProviderException(
                    where() + ": VM " + vm + " has no SCSI controller with a free slot for another disk"));
            await(session.invoke("ReconfigVM_Task", view.ref(),
                    new XmlBody().open("spec").raw(change).close("spec").toString()));
            LOG.info("vsphere {} added a {} GB disk to VM {} of pool {}", name, sizeGb, vm, pool);
            return true;
        });
    }

    @Override
    public boolean createSnapshot(String pool, String vm, String snapshotName) {
        return vim("snapshot VM " + vm, () -> {
            VmView view = existing(pool, vm);
            if (snapshot(view.ref(), snapshotName).isPresent()) {
                throw ProviderException.permanent(where() + ": VM " + vm + " already has a snapshot named "
                        + snapshotName);
            }
            await(session.invoke("CreateSnapshot_Task", view.ref(), new XmlBody().text("name", snapshotName)
                    .text("description", "vmpooler").text("memory", true).text("quiesce", true).toString()));
            return true;
        });
    }

    @Override
    public boolean revertSnapshot(String pool, String vm, String snapshotName) {
        return vim("revert VM " + vm, () -> {
            VmView view = existing(pool, vm);
            Optional<MoRef> snapshot = snapshot(view.ref(), snapshotName);
            if (snapshot.isEmpty()) {
                return false;
            }
            await(session.invoke("RevertToSnapshot_Task", snapshot.get(), ""));
            return true;
        });
    }

    /**
     * Records the VM's host and, within {@code migration_limit} concurrent migrations, moves the VM to a preferred
     * host of the same CPU architecture when its host is not one of the preferred ones.
     */
    @Override
    public Map<String, String> migrateVm(String pool, String vm) {
        VspherePool config = served(pool);
        return vim("migrate VM " + vm, () -> {
            VmView view = existing(pool, vm);
            Map<String, String> fields = new LinkedHashMap<>();
            Optional<MoRef> host = view.host();
            if (host.isEmpty()) {
                return fields;
            }
            Optional<Inventory.ComputeTarget> cluster = cluster(pool, config);
            String hostName = cluster.flatMap(c -> hosts.host(c.computeResource(), host.get())).map(HostSelector.Host::name)
                    .orElse(host.get().value());
            fields.put("host", hostName);
            if (settings.migrationLimit().isEmpty() || cluster.isEmpty()
                    || hosts.preferred(cluster.get().computeResource(), host.get())) {
                return fields;
            }
            if (migrating.incrementAndGet() > settings.migrationLimit().get()) {
                migrating.decrementAndGet();
                return fields;
            }
            try {
                Optional<String> architecture = hosts.host(cluster.get().computeResource(), host.get())
                        .map(HostSelector.Host::architecture);
                Optional<HostSelector.Host> to = hosts.next(cluster.get().computeResource(), architecture);
                if (to.isEmpty()) {
                    return fields;
                }
                long started = System.nanoTime();
                await(session.invoke("RelocateVM_Task", view.ref(), new XmlBody().open("spec")
                        .ref("host", to.get().ref()).close("spec").toString()));
                double seconds = (System.nanoTime() - started) / 1e9;
                metrics.increment("migrate." + pool);
                metrics.increment("migrate_from." + hostName);
                metrics.increment("migrate_to." + to.get().name());
                LOG.info("vsphere {} migrated VM {} of pool {} from {} to {} in {}s", name, vm, pool, hostName,
                        to.get().name(), String.format(Locale.ROOT, "%.2f", seconds));
                fields.put("host", to.get().name());
                fields.put("migrated", "true");
                fields.put("migration_time", String.format(Locale.ROOT, "%.2f", seconds));
                return fields;
            } finally {
                migrating.decrementAndGet();
            }
        });
    }

    /** The cluster a pool clones onto: its clone target's, else its template's. */
    private Optional<Inventory.ComputeTarget> cluster(String pool, VspherePool config) {
        Optional<PoolConfig> poolConfig = Optional.ofNullable(poolConfigs.get(pool));
        Optional<String> cloneTarget = poolConfig.flatMap(PoolConfig::cloneTarget).or(settings::cloneTarget);
        if (cloneTarget.isPresent()) {
            return inventory.computeTarget(config.datacenter(), cloneTarget.get());
        }
        return poolConfig.flatMap(p -> inventory.lasting(config.datacenter() + "/vm/" + p.template()))
                .flatMap(inventory::templateTarget);
    }

    @Override
    public void createTemplateDeltaDisks(PoolConfig pool) {
        VspherePool config = served(pool.name());
        String template = validTemplate(pool.template());
        vim("add delta disks to template " + template, () -> {
            MoRef templateRef = inventory.lasting(config.datacenter() + "/vm/" + template).orElseThrow(
                    () -> ProviderException.permanent(where() + ": template " + template + " does not exist"));
            Devices devices = new Devices(properties.of(templateRef, List.of("config.hardware.device"))
                    .flatMap(c -> c.get("config.hardware.device")));
            List<String> changes = devices.deltaDiskLayers();
            if (!changes.isEmpty()) {
                await(session.invoke("ReconfigVM_Task", templateRef,
                        new XmlBody().open("spec").raw(String.join("", changes)).close("spec").toString()));
            }
            LOG.info("vsphere {} added delta disks to template {}", name, template);
            return null;
        });
    }

    /**
     * Removes the folders beside the pools' folders that hold no configured pool and are not allow-listed, with
     * their VMs. Unlike the reference it never removes a folder holding a template or a sub-folder.
     */
    @Override
    public void purgeUnconfiguredResources(List<String> allowlist) {
        Map<String, Set<String>> keptByParent = new LinkedHashMap<>();
        for (VspherePool pool : pools.values()) {
            String path = pool.folderPath();
            int slash = path.lastIndexOf('/');
            keptByParent.computeIfAbsent(path.substring(0, slash), p -> new java.util.HashSet<>())
                    .add(path.substring(slash + 1));
        }
        vim("purge unconfigured folders", () -> {
            keptByParent.forEach((parent, kept) -> inventory.lasting(parent).ifPresent(parentRef -> {
                for (ObjectContent folder : properties.related(parentRef, "Folder", "childEntity", "Folder",
                        List.of("name"))) {
                    String folderName = folder.text("name").orElse("");
                    if (!kept.contains(folderName) && !allowlist.contains(folderName)) {
                        purgeFolder(parent + "/" + folderName, folder.obj());
                    }
                }
            }));
            return null;
        });
    }

    private void purgeFolder(String path, MoRef folder) {
        List<ObjectContent> vms = properties.related(folder, "Folder", "childEntity", "VirtualMachine",
                List.of("name", "config.template", "runtime.powerState"));
        boolean holdsMore = !properties.related(folder, "Folder", "childEntity", "Folder", List.of("name")).isEmpty()
                || vms.stream().anyMatch(vm -> vm.text("config.template").orElse("false").equals("true"));
        if (holdsMore) {
            LOG.warn("vsphere {}: not purging folder {}, which holds templates or folders", name, path);
            return;
        }
        for (ObjectContent vm : vms) {
            if (vm.text("runtime.powerState").orElse("").equals("poweredOn")) {
                await(session.invoke("PowerOffVM_Task", vm.obj(), ""));
            }
            await(session.invoke("Destroy_Task", vm.obj(), ""));
        }
        await(session.invoke("Destroy_Task", folder, ""));
        inventory.forget();
        LOG.info("vsphere {} purged folder {}, which belongs to no configured pool, with {} VMs", name, path,
                vms.size());
    }

    /** The pool's or the global {@code clone_target}, else where the template is. */
    private Inventory.ComputeTarget computeTarget(CreateRequest request, VspherePool config, MoRef template) {
        if (request.cloneTarget().isEmpty()) {
            return inventory.templateTarget(template).orElseThrow(() -> ProviderException.permanent(where()
                    + ": pool " + request.pool() + " has no clone_target and its template is on no host"));
        }
        String cloneTarget = request.cloneTarget().get();
        return inventory.computeTarget(config.datacenter(), cloneTarget).orElseThrow(() -> ProviderException
                .permanent(where() + ": clone_target " + cloneTarget + " of pool " + request.pool()
                        + " is no cluster or host of datacenter " + config.datacenter()));
    }

    private String cloneSpec(CreateRequest request, VspherePool config, MoRef template,
                             Inventory.ComputeTarget target) {
        String dc = config.datacenter();
        XmlBody location = new XmlBody().open("location");
        config.datastore().ifPresent(ds -> location.ref("datastore", inventory.lasting(dc + "/datastore/" + ds)
                .orElseThrow(() -> ProviderException.permanent(where() + ": datastore " + ds + " of pool "
                        + config.name() + " does not exist in datacenter " + dc))));
        location.text("diskMoveType", config.linkedClone() ? "moveChildMostDiskBacking"
                : "moveAllDiskBackingsAndConsolidate");
        location.ref("pool", target.resourcePool());
        if (settings.manageHostSelection()) {
            hosts.next(target.computeResource(), Optional.empty()).ifPresent(h -> location.ref("host", h.ref()));
        }
        location.close("location");

        XmlBody spec = new XmlBody().open("spec").raw(location.toString()).text("template", false).open("config")
                .text("annotation", annotation(request));
        config.network().ifPresent(network -> {
            MoRef networkRef = inventory.lasting(dc + "/network/" + network).orElseThrow(() ->
                    ProviderException.permanent(where() + ": network " + network + " of pool " + config.name()
                            + " does not exist in datacenter " + dc));
            new Devices(properties.of(template, List.of("config.hardware.device"))
                    .flatMap(c -> c.get("config.hardware.device"))).nicOnNetwork(network, networkRef)
                    .ifPresent(spec::raw);
        });
        Map<String, String> options = new LinkedHashMap<>();
        options.put("guestinfo.hostname", request.vm());
        options.putAll(config.extraConfig());
        options.putAll(VmLabelsOption.options(request.labels()));
        options.forEach((key, value) -> spec.typed("extraConfig", "OptionValue").text("key", key)
                .anyString("value", value).close("extraConfig"));
        return spec.close("config").text("powerOn", true).close("spec").toString();
    }

    /** The reference's annotation, which people and scripts read in the vSphere client. */
    private String annotation(CreateRequest request) {
        Map<String, String> annotation = new LinkedHashMap<>();
        annotation.put("name", request.vm());
        annotation.put("created_by", settings.username());
        annotation.put("base_template", request.template());
        annotation.put("creation_timestamp",
                DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.now(clock).atOffset(ZoneOffset.UTC)));
        try {
            return JSON.writeValueAsString(annotation);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits for VMware Tools to report a usable address, at most {@code vsphere_timeout}; without one the engine
     * counts the clone as failed. Unlike the reference, nothing else ever sleeps waiting for an address.
     */
    private Optional<VmView> awaitAddress(MoRef vm) {
        Instant until = clock.instant().plus(settings.timeout());
        Duration pause = FIRST_ADDRESS_POLL;
        while (true) {
            Optional<VmView> view = read(vm);
            if (view.isEmpty() || view.get().ip().isPresent() || !clock.instant().isBefore(until)) {
                return view;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderException(where() + ": interrupted while waiting for the address of "
                        + view.get().name());
            }
            pause = pause.multipliedBy(2).compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1)
                    : pause.multipliedBy(2);
        }
    }

    private Optional<MoRef> snapshot(MoRef vm, String snapshotName) {
        Optional<Element> info = properties.of(vm, List.of("snapshot")).flatMap(c -> c.get("snapshot"));
        List<Element> pending = new ArrayList<>(info.map(i -> Xml.children(i, "rootSnapshotList")).orElse(List.of()));
        while (!pending.isEmpty()) {
            Element tree = pending.removeFirst();
            if (Xml.text(tree, "name").orElse("").equals(snapshotName)) {
                return Xml.child(tree, "snapshot").map(MoRef::of);
            }
            pending.addAll(0, Xml.children(tree, "childSnapshotList"));
        }
        return Optional.empty();
    }

    /** The VM in the pool's folder: by the reference last seen when it is still that VM there, else by path. */
    private Optional<VmView> view(String pool, String vm) {
        VspherePool config = pools.get(pool);
        if (config == null) {
            return Optional.empty();
        }
        Optional<MoRef> folder = inventory.lasting(config.folderPath());
        if (folder.isEmpty()) {
            return Optional.empty();
        }
        MoRef seen = seenVms.get(pool + "/" + vm);
        if (seen != null) {
            Optional<VmView> view = read(seen);
            if (view.isPresent() && view.get().name().equals(vm) && view.get().parent().equals(folder.get())) {
                return view;
            }
            seenVms.remove(pool + "/" + vm);
        }
        Optional<VmView> found = inventory.find(config.folderPath() + "/" + vm).flatMap(this::read)
                .filter(v -> v.parent().equals(folder.get()));
        found.ifPresent(v -> seenVms.put(pool + "/" + vm, v.ref()));
        return found;
    }

    private Optional<VmView> read(MoRef vm) {
        try {
            return properties.of(vm, VmView.PATHS).map(VmView::of);
        } catch (VimFault fault) {
            if (fault.is("ManagedObjectNotFound")) {
                return Optional.empty();
            }
            throw fault;
        }
    }

    private VmView existing(String pool, String vm) {
        return view(pool, vm).orElseThrow(() -> new ProviderException(where() + ": VM " + vm
                + " does not exist in pool " + pool));
    }

    private VmInfo info(String pool, VmView view) {
        String template = Optional.ofNullable(poolConfigs.get(pool)).map(PoolConfig::template).orElse("");
        return view.info(pool, template);
    }

    private void await(Element taskAnswer) {
        properties.await(MoRef.of(Xml.child(taskAnswer, "returnval").orElseThrow()));
    }

    private VspherePool served(String pool) {
        VspherePool config = pools.get(pool);
        if (config == null) {
            throw ProviderException.permanent(where() + " does not serve pool " + pool + "; its pools are "
                    + pools.keySet().stream().sorted().toList());
        }
        return config;
    }

    /** The reference's rule: a template is {@code folder/name}, without a leading or trailing slash. */
    private String validTemplate(String template) {
        if (!template.contains("/") || template.startsWith("/") || template.endsWith("/")) {
            throw ProviderException.permanent(where() + ": template '" + template + "' must be a path below the"
                    + " datacenter's VM folder such as templates/debian-12, without leading or trailing '/'");
        }
        return template;
    }

    /**
     * Runs a vCenter conversation, turning vim25 faults into provider errors that name what was attempted. A
     * remembered object found gone (vCenter restarted, a folder removed) is looked up afresh once.
     */
    private <T> T vim(String what, Supplier<T> call) {
        try {
            try {
                return call.get();
            } catch (VimFault fault) {
                if (!fault.is("ManagedObjectNotFound")) {
                    throw fault;
                }
                inventory.forget();
                seenVms.clear();
                return call.get();
            }
        } catch (VimFault fault) {
            boolean permanent = fault.is("InvalidLogin") || fault.is("NoPermission");
            throw new ProviderException(where() + ": could not " + what + ": " + fault.getMessage(), permanent, fault);
        }
    }

    private String where() {
        return "vsphere provider " + name + " (" + settings.endpoint().getHost() + ")";
    }
}
