package org.vmpooler.manager.task;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.domain.VmRecord;
import org.vmpooler.domain.VmRecord.Field;
import org.vmpooler.domain.VmTask;
import org.vmpooler.domain.VmTaskKind;
import org.vmpooler.manager.ManagerContext;
import org.vmpooler.provider.Provider;
import org.vmpooler.provider.capability.Capability;
import org.vmpooler.provider.capability.Disks;
import org.vmpooler.provider.capability.Snapshots;

/**
 * Carries out the disk, snapshot and revert tasks the API queues for running VMs. Every queued task is started
 * each pass (bounded by the provider's concurrency), not one per kind every five seconds as in the reference.
 */
public final class VmTaskWorker {

    private static final Logger LOG = LoggerFactory.getLogger(VmTaskWorker.class);

    private final ManagerContext ctx;

    public VmTaskWorker(ManagerContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Starts every task queued when the pass began; a VM's tasks run one after the other (its {@code disk} field is
     * read and rewritten). Returns how many tasks were taken.
     */
    public int runOnce() {
        Map<String, List<VmTask>> byVm = new LinkedHashMap<>();
        int taken = 0;
        for (VmTaskKind kind : VmTaskKind.values()) {
            for (long queued = ctx.operations().queuedVmTasks(kind); queued > 0; queued--) {
                Optional<VmTask> task = ctx.operations().claimVmTask(kind);
                if (task.isEmpty()) {
                    break;
                }
                byVm.computeIfAbsent(task.get().vm(), vm -> new ArrayList<>()).add(task.get());
                taken++;
            }
        }
        byVm.forEach(this::start);
        return taken;
    }

    private void start(String vm, List<VmTask> tasks) {
        Optional<String> pool = ctx.vms().vm(vm).flatMap(VmRecord::pool);
        if (pool.isEmpty()) {
            LOG.warn("[!] {} task(s) for unknown VM '{}' dropped", tasks.size(), vm);
            return;
        }
        Provider provider;
        try {
            provider = ctx.providers().forPool(pool.get());
        } catch (RuntimeException e) {
            LOG.warn("[!] [{}] {} task(s) for '{}' dropped: {}", pool.get(), tasks.size(), vm, e.getMessage());
            return;
        }
        ctx.calls().submit(provider.name(), () -> {
            if (!ctx.guard().runExclusively(vm, () -> tasks.forEach(t -> runSafely(pool.get(), provider, t)))) {
                // Another check holds the VM right now; its tasks wait for the next pass.
                tasks.forEach(ctx.operations()::queueVmTask);
            }
        });
    }

    private void runSafely(String pool, Provider provider, VmTask task) {
        try {
            run(pool, provider, task);
        } catch (RuntimeException e) {
            LOG.error("[!] [{}] {} task for '{}' failed: {}", pool, task.kind(), task.vm(), e.toString());
        }
    }

    /**
     * The API refuses tasks a pool's provider cannot do; one queued before the pool changed provider (or by an API
     * of another version) is dropped here with the reason.
     */
    private void run(String pool, Provider provider, VmTask task) {
        Capability needed = task.kind() == VmTaskKind.DISK ? Capability.DISKS : Capability.SNAPSHOTS;
        Optional<?> offered = provider.capability(needed.contract());
        if (offered.isEmpty()) {
            LOG.warn("[!] [{}] {} task for '{}' dropped: provider {} does not offer {}", pool, task.kind(), task.vm(),
                    provider.name(), needed.wireName());
            return;
        }
        switch (task.kind()) {
            case DISK -> disk(pool, (Disks) offered.get(), task);
            case SNAPSHOT -> snapshot(pool, (Snapshots) offered.get(), task);
            case REVERT -> revert(pool, (Snapshots) offered.get(), task);
        }
    }

    private void disk(String pool, Disks provider, VmTask task) {
        int size;
        try {
            size = Integer.parseInt(task.argument().trim());
        } catch (NumberFormatException e) {
            size = 0;
        }
        if (size <= 0) {
            LOG.warn("[!] [{}] disk task for '{}' has an invalid size '{}'; dropped", pool, task.vm(), task.argument());
            return;
        }
        if (provider.createDisk(pool, task.vm(), size)) {
            String disks = ctx.vms().vm(task.vm()).flatMap(r -> r.field(Field.DISK)).orElse("");
            ctx.vms().setVmFields(task.vm(), Map.of(Field.DISK, disks + ":+" + size + "gb"));
            LOG.info("[+] [{}] '{}' got a new {} GB disk", pool, task.vm(), size);
        } else {
            LOG.error("[!] [{}] '{}' could not get a {} GB disk", pool, task.vm(), size);
        }
    }

    private void snapshot(String pool, Snapshots provider, VmTask task) {
        if (provider.createSnapshot(pool, task.vm(), task.argument())) {
            ctx.vms().setVmFields(task.vm(), Map.of(Field.SNAPSHOT_PREFIX + task.argument(), ctx.stamp(ctx.now())));
            LOG.info("[+] [{}] '{}' snapshot '{}' taken", pool, task.vm(), task.argument());
        } else {
            LOG.error("[!] [{}] '{}' snapshot '{}' failed", pool, task.vm(), task.argument());
        }
    }

    private void revert(String pool, Snapshots provider, VmTask task) {
        boolean reverted = provider.revertSnapshot(pool, task.vm(), task.argument());
        LOG.info("[{}] [{}] '{}' revert to snapshot '{}' {}", reverted ? "<" : "!", pool, task.vm(), task.argument(),
                reverted ? "done" : "failed (unknown snapshot?)");
    }
}
