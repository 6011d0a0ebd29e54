package org.vmpooler.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.vmpooler.domain.FencedWrite;
import org.vmpooler.domain.NewVm;
import org.vmpooler.domain.PoolLease;
import org.vmpooler.domain.VmState;

/**
 * How several managers on one store share the pools: each live manager announces itself with a TTL, and each pool
 * is owned by at most one manager at a time through a lease with a TTL and a fencing token. The writes by which
 * a manager changes a pool's population — reserving a clone, moving a VM between queues, recording a destroy —
 * exist here in a fenced form that applies only while the given lease is still the pool's lease, checked in the
 * same atomic step as the write. The atomicity and format guarantees of {@link Store} hold for every method.
 */
public interface PoolLeases {

    /** Records that the manager is alive for {@code ttl} (again). */
    void announceManager(String manager, Duration ttl);

    /** Withdraws the manager's announcement at once (graceful stop). */
    void retireManager(String manager);

    /** The managers whose announcement has not expired, sorted by id. */
    List<String> liveManagers();

    /**
     * Takes the pool's lease for {@code ttl} if nobody holds it, with a token higher than every earlier token of
     * the pool; empty when another lease is in force.
     */
    Optional<PoolLease> acquireLease(String pool, String manager, Duration ttl);

    /**
     * Extends each lease by {@code ttl} from now if it is still in force, all in one step (one round trip however
     * many pools a manager holds); returns the leases that were lost.
     */
    Set<PoolLease> renewLeases(Collection<PoolLease> leases, Duration ttl);

    /** Ends the lease at once if it is still in force, so another manager can take the pool. */
    void releaseLease(PoolLease lease);

    /** Pool → id of the manager whose lease is in force, for the given pools that have one. */
    Map<String, String> leaseHolders(Collection<String> pools);

    /** {@link VmLifecycle#reservePendingVm} under the lease; UNCHANGED when the name is taken. */
    FencedWrite reservePendingVm(PoolLease lease, NewVm vm);

    /** {@link VmQueues#move} under the lease; UNCHANGED when the VM is not in {@code from}. */
    FencedWrite move(PoolLease lease, String vm, VmState from, VmState to);

    /** {@link VmLifecycle#markDestroying} under the lease; UNCHANGED, without a round trip, for an empty list. */
    FencedWrite markDestroying(PoolLease lease, List<String> vms, Instant now, Duration ttl);
}
