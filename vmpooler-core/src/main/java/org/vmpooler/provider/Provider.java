package org.vmpooler.provider;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.vmpooler.config.PoolConfig;

/**
 * A source of VMs (vSphere, a cloud, the dummy): one instance per named entry of {@code :providers:}, shared by
 * every pool that names it, called concurrently from many threads. This is the reference's provider contract
 * with its arity mistakes mended: arguments are always (pool, vm, …), and providers never write to the store —
 * they return what the manager should record.
 *
 * <p>Methods throw {@link ProviderException} (or any runtime exception) on failure.
 */
public interface Provider {

    /** The instance name (the {@code :providers:} key). */
    String name();

    /**
     * Every VM that belongs to the pool, including half-created ones, and none of other pools. The manager
     * destroys VMs listed here that it does not know, so a wrong answer is costly; throw instead of guessing.
     */
    List<String> vmsInPool(String pool);

    /** The VM, or empty when the provider does not have it. */
    Optional<VmInfo> getVm(String pool, String vm);

    /**
     * Creates the VM from {@code spec} (the template and clone target in force for the pool, overrides applied)
     * and returns once it exists; throws when the pool is unknown or creation fails.
     */
    VmInfo createVm(String pool, String vm, CloneSpec spec);

    /** The VM's IP address once created; empty means the clone failed. */
    Optional<String> vmIpAddress(String pool, String vm);

    /** Cheap, non-throwing in the normal "not yet" case: is the VM reachable for its user? */
    Readiness vmReady(String pool, String vm);

    /** Destroys the VM; idempotent (true when it is already gone). */
    boolean destroyVm(String pool, String vm);

    boolean createDisk(String pool, String vm, int sizeGb);

    boolean createSnapshot(String pool, String vm, String snapshotName);

    /** False when the snapshot is unknown. */
    boolean revertSnapshot(String pool, String vm, String snapshotName);

    /**
     * Considers moving a just-checked-out VM to a better host; returns VM fields to record ({@code host},
     * {@code migrated}, …), empty when nothing was done.
     */
    default Map<String, String> migrateVm(String pool, String vm) {
        return Map.of();
    }

    /** Labels the VM with its user; false means "try again next cycle". */
    default boolean tagVmUser(String pool, String vm, String user) {
        return true;
    }

    /** Prepares a template for linked clones (vSphere); nothing by default. */
    default void createTemplateDeltaDisks(PoolConfig pool) {
    }

    /** Removes provider resources that belong to no configured pool and are not allow-listed. */
    default void purgeUnconfiguredResources(List<String> allowlist) {
    }
}
