package org.vmpooler.manager.lease;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.domain.FencedWrite;
import org.vmpooler.domain.NewVm;
import org.vmpooler.domain.PoolLease;
import org.vmpooler.domain.VmState;
import org.vmpooler.store.Store;

/**
 * The manager's writes that change a pool's population — reserving a clone, moving a VM between queues,
 * recording a destroy — made under this manager's lease of the pool, so that a manager that lost the pool (paused
 * past its lease, cut off from the store) cannot add VMs to it or retire its VMs. A refused write drops the pool
 * from this manager. Without leases they are the plain writes.
 */
public final class FencedWrites {

    private static final Logger LOG = LoggerFactory.getLogger(FencedWrites.class);

    private final Store store;
    private final PoolOwnership ownership;

    public FencedWrites(Store store, PoolOwnership ownership) {
        this.store = store;
        this.ownership = ownership;
    }

    public boolean reservePendingVm(NewVm vm) {
        return write(vm.pool(), () -> "reserve '" + vm.name() + "'", lease -> store.reservePendingVm(lease, vm),
                () -> store.reservePendingVm(vm));
    }

    public boolean move(String pool, String vm, VmState from, VmState to) {
        return write(pool, () -> "move '" + vm + "' to " + to.wireName(), lease -> store.move(lease, vm, from, to),
                () -> store.move(pool, vm, from, to));
    }

    /** Whether the destroys of these VMs of the pool may go ahead. */
    public boolean markDestroying(String pool, List<String> vms, Instant now, Duration ttl) {
        return write(pool, () -> "destroy " + vms.size() + " VM(s)",
                lease -> store.markDestroying(lease, vms, now, ttl), () -> {
                    store.markDestroying(pool, vms, now, ttl);
                    return true;
                });
    }

    /** {@code what} names the write for the log, built only when a write is refused: these are per-VM calls. */
    private boolean write(String pool, Supplier<String> what, Function<PoolLease, FencedWrite> fenced,
                          BooleanSupplier plain) {
        if (!ownership.leasing()) {
            return plain.getAsBoolean();
        }
        Optional<PoolLease> lease = ownership.lease(pool);
        if (lease.isEmpty()) {
            LOG.info("[!] [{}] not owned by manager {}; did not {}", pool, ownership.manager(), what.get());
            return false;
        }
        FencedWrite outcome = fenced.apply(lease.get());
        if (outcome == FencedWrite.FENCED_OFF) {
            ownership.lost(lease.get(), "the store refused to " + what.get() + " under its lease");
            return false;
        }
        return outcome.applied();
    }
}
