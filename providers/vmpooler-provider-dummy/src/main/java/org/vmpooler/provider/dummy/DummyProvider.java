package org.vmpooler.provider.dummy;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.config.PoolConfig;
import org.vmpooler.config.ReadyCheck;
import org.vmpooler.provider.ConnectionPooled;
import org.vmpooler.provider.Provider;
import org.vmpooler.provider.ProviderConnectionPool;
import org.vmpooler.provider.ProviderContext;
import org.vmpooler.provider.CreateRequest;
import org.vmpooler.provider.ProviderException;
import org.vmpooler.provider.Readiness;
import org.vmpooler.provider.VmInfo;
import org.vmpooler.provider.VmLabels;
import org.vmpooler.provider.capability.Disks;
import org.vmpooler.provider.capability.HostMigration;
import org.vmpooler.provider.capability.ResourcePurge;
import org.vmpooler.provider.capability.Snapshots;
import org.vmpooler.provider.capability.UserTagging;

/**
 * A provider without a hypervisor: VMs are entries of an in-memory inventory, optionally persisted to the file
 * named by {@code filename} so that a restarted manager finds the VMs that "exist" and several managers sharing
 * the file see one inventory (each reads what the others saved before it acts). Knobs (see
 * {@link DummyKnobs}) add delays and failures to exercise the manager. It serves the pools whose
 * {@code provider} is this instance and implements the whole provider contract, unlike the reference's dummy.
 */
public final class DummyProvider implements Provider, ConnectionPooled, Disks, Snapshots, HostMigration, UserTagging,
        ResourcePurge {
    private static final Logger LOG = LoggerFactory.getLogger(DummyProvider.class);
    private static final int HOST_COUNT = 10;

    private final String name;
    private final Map<String, PoolConfig> pools;
    private final DummyKnobs knobs;
    private final DummyDice dice;
    private final ProviderConnectionPool connections;
    private final DummyInventory inventory;
    private final Clock clock;

    public DummyProvider(ProviderContext context, RandomGenerator random) {
        this.name = context.provider().name();
        this.pools = context.config().pools().stream().filter(p -> p.provider().equals(name))
                .collect(Collectors.toUnmodifiableMap(PoolConfig::name, Function.identity()));
        this.knobs = DummyKnobs.from(context.provider().settings());
        this.dice = new DummyDice(random);
        this.connections = new ProviderConnectionPool(ProviderConnectionPool.PROVIDER_TYPE, name,
                knobs.connectionPoolSize(), knobs.connectionPoolTimeout(), context.metrics());
        this.clock = context.clock();
        Optional<DummyInventoryFile> file = knobs.filename().map(DummyInventoryFile::new);
        this.inventory = new DummyInventory(file.map(f -> clonesFinished(f.load(clock.instant()))).orElse(Map.of()),
                file, () -> file.map(f -> f.load(clock.instant())).orElse(Map.of()));
        file.ifPresent(f -> LOG.info("Dummy provider {} keeps its inventory in {} ({} VMs loaded)", name, f.path(),
                inventory.pools().stream().mapToInt(p -> inventory.names(p).size()).sum()));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ProviderConnectionPool connectionPool() {
        return connections;
    }

    @Override
    public List<String> vmsInPool(String pool) {
        return connections.with(() -> pools.containsKey(pool) ? inventory.names(pool) : List.of());
    }

    @Override
    public Optional<VmInfo> getVm(String pool, String vm) {
        return connections.with(() -> inventory.find(pool, vm).map(found -> {
            DummyVm current = found;
            if (current.poweredOn() && dice.chance(knobs.getVmPowerOffPercent())) {
                LOG.info("Dummy provider {}: simulating power-off of VM {} in pool {}", name, vm, pool);
                current = inventory.update(pool, vm, DummyVm::poweredOff).orElse(current);
            }
            if (current.hostname().equals(vm) && dice.chance(knobs.getVmRenamePercent())) {
                LOG.info("Dummy provider {}: simulating a hostname change of VM {} in pool {}", name, vm, pool);
                current = inventory.update(pool, vm, v -> v.withHostname("DUMMY" + vm)).orElse(current);
            }
            return info(current);
        }));
    }

    @Override
    public VmInfo createVm(CreateRequest request) {
        String pool = request.pool();
        String vm = request.vm();
        return connections.with(() -> {
            servedPool(pool);
            Duration cloneTime = dice.delay(knobs.create().maxTime());
            DummyVm.Phase phase = cloneTime.isZero() ? DummyVm.Phase.UNKNOWN : DummyVm.Phase.CLONING;
            inventory.add(DummyVm.created(vm, pool, request.template(), clock.instant(), phase,
                    request.labels().values()));
            pause(cloneTime);
            if (dice.chance(knobs.create().failPercent())) {
                inventory.remove(pool, vm);
                throw new ProviderException("provider " + name + ": simulated clone failure of VM " + vm
                        + " in pool " + pool + " (createvm_fail_percent)");
            }
            DummyVm created = inventory.update(pool, vm, v -> v.withPhase(DummyVm.Phase.RUNNING))
                    .orElseThrow(() -> new ProviderException("provider " + name + ": VM " + vm + " of pool " + pool
                            + " was destroyed while it was being cloned"));
            LOG.info("Dummy provider {} created VM {} in pool {} with IP {}", name, vm, pool, created.ip());
            return info(created);
        });
    }

    /** Its VMs are simulated and have no port to connect to: the dummy's own readiness is all there is. */
    @Override
    public ReadyCheck defaultReadyCheck() {
        return ReadyCheck.NONE;
    }

    @Override
    public Optional<String> vmIpAddress(String pool, String vm) {
        return connections.with(() -> inventory.find(pool, vm).map(DummyVm::ip));
    }

    @Override
    public Readiness vmReady(String pool, String vm) {
        return connections.with(() -> {
            Optional<DummyVm> found = inventory.find(pool, vm);
            if (found.isPresent() && found.get().phase() != DummyVm.Phase.RUNNING) {
                found = inventory.await(pool, vm, v -> v.phase() == DummyVm.Phase.RUNNING, knobs.isReadyTimeout());
            }
            if (found.isEmpty()) {
                return Readiness.notReady("VM " + vm + " does not exist in pool " + pool);
            }
            DummyVm current = found.get();
            if (!current.poweredOn()) {
                return Readiness.notReady("VM " + vm + " is powered off");
            }
            if (current.ready()) {
                return Readiness.isReady();
            }
            if (current.phase() != DummyVm.Phase.RUNNING) {
                return Readiness.notReady("VM " + vm + " is still cloning after " + seconds(knobs.isReadyTimeout())
                        + "s (is_ready_timeout)");
            }
            if (dice.chance(knobs.vmReadyFailPercent())) {
                throw new ProviderException("provider " + name + ": simulated readiness failure of VM " + vm
                        + " in pool " + pool + " (vmready_fail_percent)");
            }
            inventory.update(pool, vm, DummyVm::asReady);
            return Readiness.isReady();
        });
    }

    @Override
    public boolean destroyVm(String pool, String vm) {
        return connections.with(() -> {
            Optional<DummyVm> found = inventory.find(pool, vm);
            if (found.isEmpty()) {
                LOG.debug("Dummy provider {}: VM {} of pool {} is already gone", name, vm, pool);
                return true;
            }
            if (found.get().poweredOn()) {
                pause(dice.delay(knobs.destroyShutdownMaxTime()));
                inventory.update(pool, vm, DummyVm::poweredOff);
            }
            pause(dice.delay(knobs.destroy().maxTime()));
            if (dice.chance(knobs.destroy().failPercent())) {
                throw new ProviderException("provider " + name + ": simulated destroy failure of VM " + vm
                        + " in pool " + pool + " (destroyvm_fail_percent)");
            }
            inventory.remove(pool, vm);
            LOG.info("Dummy provider {} destroyed VM {} in pool {}", name, vm, pool);
            return true;
        });
    }

    @Override
    public boolean createDisk(String pool, String vm, int sizeGb) {
        return connections.with(() -> {
            if (sizeGb < 1) {
                throw ProviderException.permanent("provider " + name + ": cannot add a disk of " + sizeGb
                        + " GB to VM " + vm + "; the size must be at least 1");
            }
            existing(pool, vm);
            simulate(knobs.createDisk(), "disk creation", "createdisk_fail_percent", pool, vm);
            update(pool, vm, v -> v.withDisk("+" + sizeGb + "gb"));
            return true;
        });
    }

    @Override
    public boolean createSnapshot(String pool, String vm, String snapshotName) {
        return connections.with(() -> {
            if (existing(pool, vm).snapshots().contains(snapshotName)) {
                throw ProviderException.permanent("provider " + name + ": VM " + vm + " already has a snapshot named "
                        + snapshotName);
            }
            simulate(knobs.createSnapshot(), "snapshot", "createsnapshot_fail_percent", pool, vm);
            update(pool, vm, v -> v.withSnapshot(snapshotName));
            return true;
        });
    }

    @Override
    public boolean revertSnapshot(String pool, String vm, String snapshotName) {
        return connections.with(() -> {
            existing(pool, vm);
            simulate(knobs.revertSnapshot(), "snapshot revert", "revertsnapshot_fail_percent", pool, vm);
            return existing(pool, vm).snapshots().contains(snapshotName);
        });
    }

    /**
     * With {@code migratevm_couldmove_percent} chance picks one of {@code HOST1..HOST10}; a different host means a
     * migration taking up to {@code migratevm_max_time} that fails with {@code migratevm_fail_percent}.
     */
    @Override
    public Map<String, String> migrateVm(String pool, String vm) {
        return connections.with(() -> {
            DummyVm current = existing(pool, vm);
            Map<String, String> fields = new LinkedHashMap<>();
            String target = dice.chance(knobs.migrateCouldMovePercent())
                    ? "HOST" + dice.between(1, HOST_COUNT) : current.host();
            if (target.equals(current.host())) {
                fields.put("host", current.host());
                return fields;
            }
            long started = System.nanoTime();
            simulate(knobs.migrate(), "migration", "migratevm_fail_percent", pool, vm);
            update(pool, vm, v -> v.onHost(target));
            LOG.info("Dummy provider {} migrated VM {} of pool {} from {} to {}", name, vm, pool, current.host(),
                    target);
            fields.put("host", target);
            fields.put("migrated", "true");
            fields.put("migration_time", String.format(Locale.ROOT, "%.2f", (System.nanoTime() - started) / 1e9));
            return fields;
        });
    }

    /** Records the user on the VM (shown as {@code user} by {@link #getVm}); nothing to do for a gone VM. */
    @Override
    public boolean tagVmUser(String pool, String vm, String user) {
        return connections.with(() -> {
            inventory.update(pool, vm, v -> v.taggedFor(user));
            return true;
        });
    }

    /** Forgets the VMs of pools this instance no longer serves, except pools named in the allow-list. */
    @Override
    public void purgeUnconfiguredResources(List<String> allowlist) {
        connections.with(() -> {
            for (String pool : inventory.pools()) {
                if (!pools.containsKey(pool) && !allowlist.contains(pool)) {
                    LOG.info("Dummy provider {} purged pool {}, which is no longer configured, with VMs {}", name,
                            pool, inventory.removePool(pool));
                }
            }
            return null;
        });
    }

    /**
     * A clone that was in progress when the previous process died has gone on without it, as a hypervisor's clone
     * task would: it is running now. Left cloning, every readiness check of it would wait for nothing.
     */
    private Map<String, Map<String, DummyVm>> clonesFinished(Map<String, Map<String, DummyVm>> loaded) {
        Map<String, Map<String, DummyVm>> finished = new LinkedHashMap<>();
        loaded.forEach((pool, vms) -> {
            Map<String, DummyVm> running = new LinkedHashMap<>();
            vms.forEach((vmName, vm) -> {
                if (vm.phase() != DummyVm.Phase.RUNNING) {
                    LOG.info("Dummy provider {}: VM {} of pool {} was still cloning when the previous process "
                            + "stopped; it is running now", name, vmName, pool);
                }
                running.put(vmName, vm.withPhase(DummyVm.Phase.RUNNING));
            });
            finished.put(pool, running);
        });
        return finished;
    }

    private PoolConfig servedPool(String pool) {
        PoolConfig config = pools.get(pool);
        if (config == null) {
            throw ProviderException.permanent("provider " + name + " does not serve pool " + pool
                    + "; its pools are " + pools.keySet().stream().sorted().toList());
        }
        return config;
    }

    private DummyVm existing(String pool, String vm) {
        return inventory.find(pool, vm).orElseThrow(() -> new ProviderException("provider " + name + ": VM " + vm
                + " does not exist in pool " + pool));
    }

    private void update(String pool, String vm, UnaryOperator<DummyVm> change) {
        if (inventory.update(pool, vm, change).isEmpty()) {
            throw new ProviderException("provider " + name + ": VM " + vm + " of pool " + pool
                    + " disappeared during the operation");
        }
    }

    private void simulate(DummyKnobs.Operation operation, String what, String knob, String pool, String vm) {
        pause(dice.delay(operation.maxTime()));
        if (dice.chance(operation.failPercent())) {
            throw new ProviderException("provider " + name + ": simulated " + what + " failure for VM " + vm
                    + " in pool " + pool + " (" + knob + ")");
        }
    }

    private void pause(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("provider " + name + ": interrupted during a simulated delay");
        }
    }

    private static String seconds(Duration duration) {
        return String.valueOf(duration.toMillis() / 1000.0);
    }

    private VmInfo info(DummyVm vm) {
        Map<String, String> extras = new LinkedHashMap<>();
        extras.put("domain", vm.domain());
        extras.put("vm_host", vm.host());
        extras.put("dummy_state", vm.phase().name());
        extras.put("snapshots", String.join(",", vm.snapshots()));
        extras.put("disks", String.join(",", vm.disks()));
        vm.user().ifPresent(user -> extras.put("user", user));
        return new VmInfo(vm.name(), Optional.of(vm.hostname()), vm.template(), vm.pool(), Optional.of(vm.bootTime()),
                vm.powerState(), Optional.of(vm.ip()), extras, new VmLabels(vm.labels()));
    }
}
