package org.vmpooler.store;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.vmpooler.domain.PoolCounts;
import org.vmpooler.domain.PoolQueues;
import org.vmpooler.domain.VmRecord;
import org.vmpooler.domain.VmState;

/**
 * The VMs of each pool: its six queues (sets of names) and every VM's record (the hash of its fields).
 * The atomicity and format guarantees of {@link Store} hold for every method.
 */
public interface VmQueues {

    /** Members of one of a pool's queues. */
    Set<String> vms(String pool, VmState state);

    /** Size of one of a pool's queues. */
    long count(String pool, VmState state);

    /** Queue sizes of many pools in one round trip; every requested pool is in the result. */
    Map<String, PoolCounts> counts(Collection<String> pools);

    /** All six queues and the checkout-time hash of a pool, read together. */
    PoolQueues queues(String pool);

    /** Adds a VM to a queue (used for {@link VmState#DISCOVERED}). Returns whether it was not there yet. */
    boolean add(String pool, String vm, VmState state);

    /** Removes a VM from a queue. Returns whether it was there. */
    boolean remove(String pool, String vm, VmState state);

    /** Moves a VM between two queues of its pool if, and only if, it is in {@code from}. */
    boolean move(String pool, String vm, VmState from, VmState to);

    /** Moves every member of {@code from} to {@code to}; returns the VMs moved. */
    List<String> moveAll(String pool, VmState from, VmState to);

    /** Moves up to {@code max} arbitrary members of {@code from} to {@code to}; returns the VMs moved. */
    List<String> moveSome(String pool, VmState from, VmState to, long max);

    Optional<VmRecord> vm(String name);

    /**
     * The records of many VMs, read together (a manager pass reads those of its pool's pending VMs at once); a VM
     * without a record is absent from the result.
     */
    Map<String, VmRecord> records(List<String> names);

    boolean vmExists(String name);

    /**
     * Sets fields on an existing or new VM record (without changing its expiry). A null field name or value is
     * refused with {@link IllegalArgumentException}, writing nothing.
     */
    void setVmFields(String vm, Map<String, String> fields);

    void removeVmFields(String vm, Collection<String> fields);

    /** Sets the record to expire after {@code ttl}. */
    void expireVm(String vm, Duration ttl);

    /** Names of every VM record, whatever its state (for orphan detection; never a blocking scan). */
    List<String> allVmNames();
}
