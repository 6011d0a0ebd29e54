package org.vmpooler.provider;

import java.util.List;
import java.util.Optional;

import org.vmpooler.config.ReadyCheck;

/**
 * A source of VMs (vSphere, a cloud, the dummy): one instance per named entry of {@code :providers:}, shared by
 * every pool that names it, called concurrently from many threads. This is the reference's provider contract
 * with its arity mistakes mended: arguments are always (pool, vm, …), and providers never write to the store —
 * they return what the manager should record.
 *
 * <p>Methods throw {@link ProviderException} (or any runtime exception) on failure. Disks, snapshots, migration,
 * template delta disks, user tagging and purging are optional: a provider offers one by also implementing its
 * interface in {@link org.vmpooler.provider.capability}.
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
     * Creates the VM {@code request} describes, with its labels, and returns once it exists; throws when the pool
     * is unknown or creation fails. The engine bounds the call by the pool's {@code timeout}: a call that outlives
     * it is given up (its clone slot freed), and a VM it still makes later is found by its labels and destroyed.
     */
    VmInfo createVm(CreateRequest request);

    /** The VM's IP address once created; empty means the clone failed. */
    Optional<String> vmIpAddress(String pool, String vm);

    /**
     * Cheap, non-throwing in the normal "not yet" case: does the platform report the VM up and running? The engine
     * then applies the pool's {@code ready_check} (a TCP connection, an SSH banner, or nothing more).
     */
    Readiness vmReady(String pool, String vm);

    /**
     * The {@code ready_check} of pools that do not choose one. A TCP connection to port 22, as the reference made,
     * unless the provider's VMs cannot be reached that way (the dummy's are not real).
     */
    default ReadyCheck defaultReadyCheck() {
        return ReadyCheck.TCP_22;
    }

    /** Destroys the VM; idempotent (true when it is already gone). */
    boolean destroyVm(String pool, String vm);

    /**
     * The provider as the given capability ({@link org.vmpooler.provider.capability.Snapshots} …), empty when it
     * does not offer it. Wrappers answer for what they wrap.
     */
    default <T> Optional<T> capability(Class<T> contract) {
        return contract.isInstance(this) ? Optional.of(contract.cast(this)) : Optional.empty();
    }

    /**
     * Ends what this instance holds on its platform (a vCenter session, hypervisor connections) once the manager
     * has stopped and made its last call. vCenter keeps an abandoned session until it idles out and counts it
     * against its session limit meanwhile, which a crash-looping or often restarted manager would exhaust. Called
     * once, bounded by the engine; the default holds nothing.
     */
    default void close() {
    }
}
