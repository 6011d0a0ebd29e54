package org.vmpooler.manager.testkit;

import java.time.Clock;
import org.vmpooler.provider.CloneSpec;
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

import org.vmpooler.provider.Provider;
import org.vmpooler.provider.ProviderException;
import org.vmpooler.provider.Readiness;
import org.vmpooler.provider.VmInfo;

/**
 * A provider standing for a cloud API, scripted by the test: VMs it holds per pool, how long they take to boot
 * (by the test clock), and failures to inject.
 */
public final class ScriptedProvider implements Provider {

    /** One VM the "cloud" holds. */
    public static final class Vm {
        final String pool;
        final Instant created;
        volatile String hostname;
        volatile boolean reachable = true;

        Vm(String pool, Instant created, String hostname) {
            this.pool = pool;
            this.created = created;
            this.hostname = hostname;
        }
    }

    private final String name;
    private final Clock clock;
    private final Map<String, Vm> vms = new ConcurrentHashMap<>();
    /** What each VM was asked to be cloned from. */
    public final Map<String, CloneSpec> cloneSpecs = new ConcurrentHashMap<>();
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

    /** A VM that exists in the cloud without vmpooler having created it. */
    public void plant(String pool, String vm) {
        vms.put(vm, new Vm(pool, clock.instant(), vm));
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
                Optional.of(v.created), "PoweredOn", Optional.of("10.0.0.1"), Map.of()));
    }

    @Override
    public VmInfo createVm(String pool, String vm, CloneSpec spec) {
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
        vms.put(vm, new Vm(pool, clock.instant(), vm));
        cloneSpecs.put(vm, spec);
        return getVm(pool, vm).orElseThrow();
    }

    @Override
    public Optional<String> vmIpAddress(String pool, String vm) {
        return vms.containsKey(vm) ? Optional.of("10.0.0." + (Math.abs(vm.hashCode()) % 250 + 1)) : Optional.empty();
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
    public Map<String, String> migrateVm(String pool, String vm) {
        migrated.add(vm);
        return Map.of("host", "HOST2");
    }
}
