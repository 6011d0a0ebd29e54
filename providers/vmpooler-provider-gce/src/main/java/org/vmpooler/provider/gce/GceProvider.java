package org.vmpooler.provider.gce;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.config.PoolConfig;
import org.vmpooler.gcp.GoogleApiException;
import org.vmpooler.gcp.GoogleRest;
import org.vmpooler.provider.ConnectionPooled;
import org.vmpooler.provider.CreateRequest;
import org.vmpooler.provider.Provider;
import org.vmpooler.provider.ProviderConnectionPool;
import org.vmpooler.provider.ProviderException;
import org.vmpooler.provider.Readiness;
import org.vmpooler.provider.VmInfo;
import org.vmpooler.provider.VmLabels;
import org.vmpooler.provider.capability.Disks;
import org.vmpooler.provider.capability.ResourcePurge;
import org.vmpooler.provider.capability.Snapshots;
import org.vmpooler.provider.capability.UserTagging;

/**
 * {@code provider_class: gce}: each VM is a Compute Engine instance named like the VM, in its pool's zone, found by
 * its {@code pool} label. The engine's deadlines bound every call; inside a call each zone operation is waited on
 * with {@code operation_timeout}, and throttled calls are retried by the client with back-off before quota,
 * capacity and throttling surface as {@link org.vmpooler.provider.ProviderCapacityException}s.
 */
public final class GceProvider implements Provider, Disks, Snapshots, UserTagging, ResourcePurge, ConnectionPooled {
    private static final Logger LOG = LoggerFactory.getLogger(GceProvider.class);
    private static final int LABEL_TRIES = 3;

    private final String name;
    private final GceSettings settings;
    private final Map<String, GcePool> pools;
    private final Map<String, String> templates;
    private final Compute compute;
    private final ProviderConnectionPool connections;
    private final DiskOperations disks;
    private final ResourcePurger purger;

    GceProvider(String name, GceSettings settings, Map<String, GcePool> pools, Map<String, String> templates,
                Compute compute, ProviderConnectionPool connections) {
        this.name = name;
        this.settings = settings;
        this.pools = Map.copyOf(pools);
        this.templates = Map.copyOf(templates);
        this.compute = compute;
        this.connections = connections;
        this.disks = new DiskOperations(compute);
        this.purger = new ResourcePurger(compute, name);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        compute.close();
    }

    @Override
    public ProviderConnectionPool connectionPool() {
        return connections;
    }

    @Override
    public List<String> vmsInPool(String pool) {
        return api("list pool " + pool, () -> compute.list(zone(pool), "instances",
                Optional.of(GceLabels.filter(Map.of("pool", GceLabels.value(pool))))).stream()
                .map(i -> i.path("name").asText()).toList());
    }

    @Override
    public Optional<VmInfo> getVm(String pool, String vm) {
        return instance(pool, vm).map(i -> info(pool, i));
    }

    @Override
    public VmInfo createVm(CreateRequest request) {
        GcePool pool = GcePool.of(request.pool(), request.poolSettings(), settings,
                Optional.ofNullable(pools.get(request.pool())).flatMap(GcePool::domain));
        String problems = pool.problems(name);
        if (!problems.isEmpty()) {
            throw ProviderException.permanent(name + ": " + problems);
        }
        ObjectNode body = InstanceSpec.of(request, pool, settings);
        String what = "create " + request.vm() + " in pool " + request.pool();
        JsonNode op;
        try {
            op = compute.insert(pool.zone(), "instances", body);
        } catch (GoogleApiException e) {
            if (e.status() == 404) {
                throw ProviderException.permanent(what + ": template '" + request.template()
                        + "' or another resource it names does not exist (" + e.getMessage() + ")");
            }
            if (e.status() == 409 && madeByThisRequest(request)) {
                // A retried insert whose first try went through, though its answer was lost.
                return getVm(request.pool(), request.vm()).orElseThrow();
            }
            throw GceErrors.of(what, e);
        }
        api(what, () -> compute.await(op, what));
        return getVm(request.pool(), request.vm()).orElseThrow(() -> new ProviderException(what
                + ": the instance was made but is not found in zone " + pool.zone()));
    }

    @Override
    public Optional<String> vmIpAddress(String pool, String vm) {
        return getVm(pool, vm).flatMap(VmInfo::ip);
    }

    @Override
    public Readiness vmReady(String pool, String vm) {
        Optional<JsonNode> instance = instance(pool, vm);
        if (instance.isEmpty()) {
            return Readiness.notReady("instance " + vm + " not found");
        }
        String status = instance.get().path("status").asText();
        return "RUNNING".equals(status) ? Readiness.isReady() : Readiness.notReady("instance status " + status);
    }

    @Override
    public boolean destroyVm(String pool, String vm) {
        String zone = zone(pool);
        String what = "destroy " + vm + " of pool " + pool;
        return api(what, () -> {
            Optional<JsonNode> instance = compute.get(zone, "instances", vm);
            if (instance.isPresent()) {
                String owner = GceLabels.read(instance.get()).get("pool");
                if (owner != null && !owner.equals(GceLabels.value(pool))) {
                    throw ProviderException.permanent(what + ": the instance belongs to pool " + owner);
                }
                deleteIgnoringAbsent(zone, "instances", vm, what);
            }
            Map<String, String> mine = Map.of("vm", vm, "pool", GceLabels.value(pool));
            List<JsonNode> ops = new ArrayList<>();
            for (JsonNode disk : compute.list(zone, "disks", Optional.of(GceLabels.filter(mine)))) {
                deleteQuietly(zone, "disks", disk.path("name").asText()).ifPresent(ops::add);
            }
            compute.awaitAll(ops, what + " (disks)");
            ops.clear();
            for (JsonNode snapshot : compute.list(null, "snapshots", Optional.of(GceLabels.filter(mine)))) {
                deleteQuietly(null, "snapshots", snapshot.path("name").asText()).ifPresent(ops::add);
            }
            compute.awaitAll(ops, what + " (snapshots)");
            return true;
        });
    }

    @Override
    public boolean createDisk(String pool, String vm, int sizeGb) {
        JsonNode instance = existing(pool, vm, "add a disk to");
        String zone = zone(pool);
        api("add a " + sizeGb + " GB disk to " + vm, () -> {
            disks.addDisk(zone, instance, pool, sizeGb, Optional.ofNullable(pools.get(pool)).flatMap(GcePool::diskType));
            return null;
        });
        return true;
    }

    @Override
    public boolean createSnapshot(String pool, String vm, String snapshotName) {
        if (!GceLabels.value(snapshotName).equals(snapshotName)) {
            throw ProviderException.permanent("snapshot name '" + snapshotName
                    + "' must be lower-case letters, digits, '_' and '-', at most 63 characters");
        }
        JsonNode instance = existing(pool, vm, "snapshot");
        api("snapshot " + snapshotName + " of " + vm, () -> {
            disks.snapshot(zone(pool), instance, GceLabels.value(pool), snapshotName);
            return null;
        });
        return true;
    }

    @Override
    public boolean revertSnapshot(String pool, String vm, String snapshotName) {
        if (!GceLabels.value(snapshotName).equals(snapshotName)) {
            return false;
        }
        JsonNode instance = existing(pool, vm, "revert");
        return api("revert " + vm + " to snapshot " + snapshotName,
                () -> disks.revert(zone(pool), instance, snapshotName));
    }

    /** Adds {@code token-user}, compare-and-set on the label fingerprint; a concurrent change (412) is re-read. */
    @Override
    public boolean tagVmUser(String pool, String vm, String user) {
        if (user == null) {
            return true;
        }
        String zone = zone(pool);
        try {
            for (int tries = 1; tries <= LABEL_TRIES; tries++) {
                Optional<JsonNode> instance = instance(pool, vm);
                if (instance.isEmpty()) {
                    LOG.warn("{}: cannot label {} with its user: the instance is gone", name, vm);
                    return false;
                }
                Map<String, String> labels = GceLabels.read(instance.get());
                if (GceLabels.value(user).equals(labels.get(GceLabels.TOKEN_USER))) {
                    return true;
                }
                labels.put(GceLabels.TOKEN_USER, GceLabels.value(user));
                ObjectNode body = GoogleRest.json().createObjectNode()
                        .put("labelFingerprint", instance.get().path("labelFingerprint").asText());
                body.set("labels", GceLabels.node(labels));
                try {
                    compute.await(compute.act(zone, "instances", vm, "setLabels", Map.of(), body),
                            "label " + vm + " with its user");
                    return true;
                } catch (GoogleApiException e) {
                    if (e.status() != 412) {
                        throw e;
                    }
                }
            }
            LOG.warn("{}: labels of {} kept changing; its user is labelled next cycle", name, vm);
            return false;
        } catch (GoogleApiException | ProviderException e) {
            LOG.warn("{}: could not label {} with its user: {}", name, vm, e.getMessage());
            return false;
        }
    }

    @Override
    public void purgeUnconfiguredResources(List<String> allowlist) {
        Set<String> zones = new LinkedHashSet<>();
        pools.values().forEach(p -> zones.add(p.zone()));
        settings.zone().ifPresent(zones::add);
        Set<String> configured = new LinkedHashSet<>();
        pools.keySet().forEach(p -> configured.add(GceLabels.value(p)));
        api(name + ": purge unconfigured resources", () -> {
            purger.purge(zones, configured, Allowlist.of(allowlist));
            return null;
        });
    }

    private VmInfo info(String pool, JsonNode instance) {
        String vm = instance.path("name").asText();
        Map<String, String> labels = GceLabels.read(instance);
        String hostname = instance.path("hostname").asText(vm);
        String ip = instance.path("networkInterfaces").path(0).path("networkIP").asText("");
        Map<String, String> extras = new LinkedHashMap<>();
        extras.put("zone", Compute.lastSegment(instance.path("zone").asText()));
        extras.put("machine_type", Compute.lastSegment(instance.path("machineType").asText()));
        extras.put("status", instance.path("status").asText());
        return new VmInfo(vm, Optional.of(hostname.contains(".") ? hostname.substring(0, hostname.indexOf('.'))
                : hostname), templates.getOrDefault(pool, ""), pool, bootTime(instance),
                instance.path("status").asText(), ip.isEmpty() ? Optional.empty() : Optional.of(ip), extras,
                new VmLabels(labels));
    }

    private boolean madeByThisRequest(CreateRequest request) {
        Map<String, String> wanted = GceLabels.read(GoogleRest.json().createObjectNode()
                .set("labels", GceLabels.node(request.labels().values())));
        return instance(request.pool(), request.vm()).map(GceLabels::read)
                .filter(labels -> labels.entrySet().containsAll(wanted.entrySet())).isPresent();
    }

    private Optional<JsonNode> instance(String pool, String vm) {
        return api("look up " + vm, () -> compute.get(zone(pool), "instances", vm))
                .filter(i -> GceLabels.value(pool).equals(GceLabels.read(i).get("pool")));
    }

    private JsonNode existing(String pool, String vm, String action) {
        return instance(pool, vm).orElseThrow(() -> ProviderException.permanent("cannot " + action + " " + vm
                + ": no instance " + vm + " in pool " + pool + " (zone " + zone(pool) + ")"));
    }

    private void deleteIgnoringAbsent(String zone, String collection, String resource, String what) {
        deleteQuietly(zone, collection, resource).ifPresent(op -> compute.await(op, what));
    }

    private Optional<JsonNode> deleteQuietly(String zone, String collection, String resource) {
        try {
            return Optional.of(compute.delete(zone, collection, resource));
        } catch (GoogleApiException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private String zone(String pool) {
        GcePool known = pools.get(pool);
        if (known != null) {
            return known.zone();
        }
        return settings.zone().orElseThrow(() -> ProviderException.permanent(name + ": pool " + pool
                + " is not configured for this provider and the provider has no zone"));
    }

    private static <T> T api(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (GoogleApiException e) {
            throw GceErrors.of(what, e);
        }
    }

    private static Optional<Instant> bootTime(JsonNode instance) {
        String text = instance.path("lastStartTimestamp").asText(instance.path("creationTimestamp").asText(""));
        try {
            return text.isEmpty() ? Optional.empty() : Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    static Map<String, GcePool> poolsOf(String provider, List<PoolConfig> all, GceSettings settings,
                                        Map<String, Optional<String>> domains) {
        Map<String, GcePool> pools = new LinkedHashMap<>();
        for (PoolConfig pool : all) {
            if (pool.provider().equals(provider)) {
                pools.put(pool.name(), GcePool.of(pool.name(), pool.settings(), settings,
                        domains.getOrDefault(pool.dnsPlugin(), Optional.empty())));
            }
        }
        return pools;
    }
}
