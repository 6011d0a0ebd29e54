package org.vmpooler.manager.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.vmpooler.config.ReadyCheck;
import org.vmpooler.provider.CreateRequest;
import org.vmpooler.provider.Provider;
import org.vmpooler.provider.ProviderException;
import org.vmpooler.provider.Readiness;
import org.vmpooler.provider.VmInfo;
import org.vmpooler.provider.VmLabels;
import org.vmpooler.provider.capability.Disks;
import org.vmpooler.provider.capability.HostMigration;
import org.vmpooler.provider.capability.ResourcePurge;
import org.vmpooler.provider.capability.Snapshots;
import org.vmpooler.provider.capability.TemplateDeltaDisks;
import org.vmpooler.provider.capability.UserTagging;

/**
 * A provider standing for a cloud API, scripted by the test: VMs it holds per pool, how long they take to boot
 * (by the test clock), and failures to inject.
 */
public final class ScriptedProvider implements Provider, Disks, Snapshots, HostMigration, TemplateDeltaDisks,
        UserTagging, ResourcePurge {

    /** One VM the "cloud" holds. */
    public static final class Vm {
        final String pool;
        final Instant created;
        final VmLabels labels;
        volatile String hostname;
        volatile boolean reachable = true;

        Vm(String pool, Instant created, String hostname, VmLabels labels) {
            this.pool = pool;
            this.created = created;
            this.hostname = hostname;
            this.labels = labels;
        }
    }

    private final String name;
    private final Clock clock;
    private final Map<String, Vm> vms = new ConcurrentHashMap<>();
    /** What each VM was asked to be created as. */
    public final Map<String, CreateRequest> requests = new ConcurrentHashMap<>();
    public final List<String> destroyed = java.util.Collections.synchronizedList(new ArrayList<>());
    public final List<String> migrated = java.util.Collections.synchronizedList(new ArrayList<>());
    public final List<String> disks = java.util.Collections.synchronizedList(new ArrayList<>());
    public final List<List<String>> purges = java.util.Collections.synchronizedList(new ArrayList<>());
    public final List<String> deltaDiskTemplates = java.util.Collections.synchronizedList(new ArrayList<>());
    public final AtomicInteger creates = new AtomicInteger();
    public volatile Duration bootTime = Duration.ZERO;
    public volatile RuntimeException createFailure;
    public volatile RuntimeException inventoryFailure;
    /** Runs at the start of every inventory call, on the caller's thread: a test hook to hold a cycle. */
    public volatile Runnable inventoryHook = () -> { };
    public volatile RuntimeException destroyFailure;
    /** When set, creates wait for it (to hold clones in flight). */
    public volatile CountDownLatch createGate;
    public final Set<String> neverReady = ConcurrentHashMap.newKeySet();
    /** When set, readiness probes wait for it; {@link #probesInFlight} and {@link #maxProbesOfOneVm} observe them. */
    public volatile CountDownLatch probeGate;
    public final AtomicInteger probesInFlight = new AtomicInteger();
    public final AtomicInteger maxProbesOfOneVm = new AtomicInteger();
    private final Map<String, AtomicInteger> probing = new ConcurrentHashMap<>();

    public ScriptedProvider(String name, Clock clock) {
        this.name = name;
        this.clock = clock;
    }

    /** A VM that exists in the cloud without vmpooler having created it: it carries no labels. */
    public void plant(String pool, String vm) {
        vms.put(vm, new Vm(pool, clock.instant(), vm, VmLabels.NONE));
    }

    /** A VM created by the vmpooler instance {@code instance} that its store does not know (a leak). */
    public void plantLeak(String pool, String vm, String instance) {
        vms.put(vm, new Vm(pool, clock.instant(), vm,
                VmLabels.of(instance, pool, vm, Optional.empty(), Optional.empty())));
    }

    public boolean has(String vm) {
        return vms.containsKey(vm);
    }

    public void vanish(String vm) {
        vms.remove(vm);
    }

    public void rename(String vm, String hostname) {
        vms.get(vm).hostname = hostname;
    }

    public void unreachable(String vm) {
        vms.get(vm).reachable = false;
    }

    public Set<String> all() {
        return Set.copyOf(vms.keySet());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> vmsInPool(String pool) {
        inventoryHook.run();
        if (inventoryFailure != null) {
            throw inventoryFailure;
        }
        return vms.entrySet().stream().filter(e -> e.getValue().pool.equals(pool)).map(Map.Entry::getKey).toList();
    }

    @Override
    public Optional<VmInfo> getVm(String pool, String vm) {
        Vm v = vms.get(vm);
        if (v == null || !v.pool.equals(pool)) {
            return Optional.empty();
        }
        return Optional.of(new VmInfo(vm, Optional.ofNullable(v.hostname), "template-" + pool, pool,
                Optional.of(v.created), "PoweredOn", vmIpAddress(pool, vm), Map.of(), v.labels));
    }

    @Override
    public VmInfo createVm(CreateRequest request) {
        String pool = request.pool();
        String vm = request.vm();
        creates.incrementAndGet();
        CountDownLatch gate = createGate;
        if (gate != null) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderException("interrupted while creating " + vm);
            }
        }
        if (createFailure != null) {
            throw createFailure;
        }
        vms.put(vm, new Vm(pool, clock.instant(), vm, request.labels()));
        requests.put(vm, request);
        return getVm(pool, vm).orElseThrow();
    }

    @Override
    public Optional<String> vmIpAddress(String pool, String vm) {
        // Loopback: whatever probes a scripted VM stays on this machine, and finds a test's listener there.
        return vms.containsKey(vm) ? Optional.of("127.0.0.1") : Optional.empty();
    }

    /** Scripted VMs are reachable only as the test says; a pool that wants a port probe configures it. */
    @Override
    public ReadyCheck defaultReadyCheck() {
        return ReadyCheck.NONE;
    }

    @Override
    public Readiness vmReady(String pool, String vm) {
        AtomicInteger mine = probing.computeIfAbsent(vm, k -> new AtomicInteger());
        maxProbesOfOneVm.accumulateAndGet(mine.incrementAndGet(), Math::max);
        probesInFlight.incrementAndGet();
        try {
            CountDownLatch gate = probeGate;
            if (gate != null) {
                gate.await();
            }
            return probe(vm);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Readiness.notReady("interrupted");
        } finally {
            probesInFlight.decrementAndGet();
            mine.decrementAndGet();
        }
    }

    private Readiness probe(String vm) {
        Vm v = vms.get(vm);
        if (v == null) {
            return Readiness.notReady("no such VM");
        }
        if (neverReady.contains(vm) || !v.reachable) {
            return Readiness.notReady("connection refused on port 22");
        }
        boolean booted = !clock.instant().isBefore(v.created.plus(bootTime));
        return booted ? Readiness.isReady() : Readiness.notReady("still booting");
    }

    @Override
    public boolean destroyVm(String pool, String vm) {
        if (destroyFailure != null) {
            throw destroyFailure;
        }
        vms.remove(vm);
        destroyed.add(vm);
        return true;
    }

    @Override
    public boolean createDisk(String pool, String vm, int sizeGb) {
        disks.add(vm + ":" + sizeGb);
        return vms.containsKey(vm);
    }

    @Override
    public boolean createSnapshot(String pool, String vm, String snapshotName) {
        return vms.containsKey(vm);
    }

    @Override
    public boolean revertSnapshot(String pool, String vm, String snapshotName) {
        return vms.containsKey(vm);
    }

    @Override
    public void purgeUnconfiguredResources(List<String> allowlist) {
        purges.add(allowlist);
    }

    @Override
    public void createTemplateDeltaDisks(org.vmpooler.config.PoolConfig pool) {
        deltaDiskTemplates.add(pool.template());
    }

    @Override
    public boolean tagVmUser(String pool, String vm, String user) {
        return true;
    }

    @Override
    public Map<String, String> migrateVm(String pool, String vm) {
        migrated.add(vm);
        return Map.of("host", "HOST2");
    }
}
