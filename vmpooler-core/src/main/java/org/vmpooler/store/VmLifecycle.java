package org.vmpooler.store;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.vmpooler.domain.BootedVm;
import org.vmpooler.domain.CheckoutRequest;
import org.vmpooler.domain.CheckoutResult;
import org.vmpooler.domain.ClonedVm;
import org.vmpooler.domain.DestroyRequestOutcome;
import org.vmpooler.domain.NewVm;
import org.vmpooler.domain.OndemandDelivery;
import org.vmpooler.domain.UntokenedGiveBack;
import org.vmpooler.domain.VmState;

/**
 * The steps of a VM's life that touch its queues and record together: reserve, clone outcome, ready or delivered,
 * checkout, give-back, lifetime and tags, destruction.
 * The atomicity and format guarantees of {@link Store} hold for every method.
 */
public interface VmLifecycle {

    /**
     * Reserves a new VM: if no record of that name exists, creates it with {@code clone}, {@code template} and
     * {@code pool} (both the pool name), {@code domain} and, for on-demand VMs, {@code request_id} and
     * {@code pool_alias}, and adds it to the pool's pending queue. Returns false, changing nothing, when the
     * name is taken — so two callers can never reserve one name.
     */
    boolean reservePendingVm(NewVm vm);

    /**
     * After successful provider creates: each VM's {@code clone_time}, {@code ip} (when not null) and the day's
     * clone statistic, together (clones ending at once are recorded in one round trip). A VM record that no longer
     * exists is not re-created (it would never expire); the statistic is recorded anyway.
     */
    void recordCloneSuccess(List<ClonedVm> vms, LocalDate day);

    /**
     * After a failed create: removes the VM from pending, records {@code clone_error} and
     * {@code clone_error_class}, and expires the record after {@code ttl}. A record that no longer exists is not
     * re-created.
     */
    void recordCloneFailure(String pool, String vm, String error, String errorClass, Duration ttl);

    /**
     * Pending → ready for pool VMs that booted: moves each that is pending, and then records its {@code ready},
     * the day's boot statistic and the pool's last boot time. Returns the VMs moved, in the order given; one that
     * was not pending is left as it is. Together, as {@link #markDestroying}.
     */
    List<String> markReady(String pool, List<BootedVm> vms, Instant now, LocalDate day);

    /**
     * Pending → running for an on-demand VM: moves it if it is pending, records checkout time (also in the
     * pool's checkout-time hash), token, user and lifetime when given, {@code ready}, the boot statistic and
     * last boot time, and adds it to the request's delivered set. Returns false when it was not pending.
     * The request's state is checked in the same atomic step: when the request no longer exists or already has
     * a status (ready, failed, deleted), nobody wants the VM, so it is moved pending → completed instead and
     * false is returned.
     */
    boolean deliverOndemandVm(OndemandDelivery delivery);

    /**
     * Starts the destruction of VMs of one pool: for each, removes its checkout time, records {@code destroy} and
     * expires the record after {@code ttl}. They stay in completed until {@link #finishDestroy}. A manager pass
     * retires its pool's completed VMs together, so the whole list costs a round trip, not one per VM; an empty
     * list writes nothing.
     */
    void markDestroying(String pool, List<String> vms, Instant now, Duration ttl);

    /** The provider destroyed these VMs of the pool: removes them from completed (together, as above). */
    void finishDestroy(String pool, List<String> vms);

    /**
     * A VM the provider no longer has: removes it from {@code state} and from the checkout-time hash, and
     * expires its record after {@code ttl} (kept for lookups rather than deleted at once).
     */
    void forgetVm(String pool, String vm, VmState state, Duration ttl);

    /**
     * All-or-nothing checkout. For every line and every VM of its count, takes a ready VM from the first
     * candidate pool that has one, moves it to running, records the checkout time (VM record and checkout-time
     * hash), token, user and lifetime when given, and adds it to migrating when asked. If any VM cannot be
     * found, nothing at all changes and the first unservable requested name is returned. Which ready VM of a
     * pool is taken is unspecified.
     */
    CheckoutResult checkout(CheckoutRequest request);

    /**
     * A client gives a VM back: if it is running, moves it to completed (and out of migrating). Otherwise
     * changes nothing and says why: {@code NOT_RUNNING} when it is pending, ready or discovered;
     * {@code ALREADY_GONE} when it is completed or in no queue of its pool (destroyed, failed or forgotten);
     * {@code UNKNOWN} when there is no record.
     */
    DestroyRequestOutcome requestDestroy(String vm);

    /**
     * A give-back by a client that sent no token, in one step: when no token owns the VM, does what
     * {@link #requestDestroy} does and returns the outcome with the record as it was; when a token owns it,
     * changes nothing and returns {@link UntokenedGiveBack.TokenHeld}.
     */
    UntokenedGiveBack giveBackUntokened(String vm);

    /** Sets the VM's lifetime in hours; does nothing when the VM has no record. */
    void setLifetime(String vm, int hours);

    /**
     * Sets {@code tag:<name>} fields on the VM and records each tag in the day's tag statistic; does nothing when
     * the VM has no record.
     */
    void setTags(String vm, Map<String, String> tags, LocalDate day);
}
