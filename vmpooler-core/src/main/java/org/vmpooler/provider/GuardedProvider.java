package org.vmpooler.provider;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import org.vmpooler.config.PoolConfig;
import org.vmpooler.config.ProviderCallSettings;
import org.vmpooler.config.ReadyCheck;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.provider.capability.Disks;
import org.vmpooler.provider.capability.HostMigration;
import org.vmpooler.provider.capability.ResourcePurge;
import org.vmpooler.provider.capability.Snapshots;
import org.vmpooler.provider.capability.TemplateDeltaDisks;
import org.vmpooler.provider.capability.UserTagging;

/**
 * The provider instance as the manager sees it: every call has a deadline, goes through the instance's circuit
 * breaker (when enabled) and is timed. A call past its deadline fails with {@link ProviderTimeoutException}, which
 * the breaker counts like any failure. The reference guarded only five vSphere calls; here every provider and every method
 * is guarded the same way.
 *
 * <p>Metrics per call: timing {@code provider_call.<method>.<provider>} in milliseconds (also for failed and
 * refused calls), and counter {@code provider_call_failed.<method>.<provider>} when the call throws.
 * {@code <method>} is the reference's method name ({@code create_vm}, {@code vm_ready} …); a call given up at its
 * deadline also counts {@code provider_call_timed_out.<method>.<provider>}.
 *
 * <p>It implements every capability interface so that one wrapper can guard them all, but offers through
 * {@link #capability} only those its provider has.
 */
final class GuardedProvider implements Provider, Disks, Snapshots, HostMigration, TemplateDeltaDisks, UserTagging,
        ResourcePurge {
    /** How long a provider may take to end its sessions when the manager stops. */
    static final Duration CLOSE_DEADLINE = Duration.ofSeconds(10);

    private final Provider delegate;
    private final Optional<CircuitBreaker> breaker;
    private final Metrics metrics;
    private final ProviderCallSettings deadlines;
    private final Function<String, Duration> cloneDeadline;

    /** {@code cloneDeadline} gives a pool's {@code timeout}, which bounds its clones. */
    GuardedProvider(Provider delegate, Optional<CircuitBreaker> breaker, Metrics metrics,
                    ProviderCallSettings deadlines, Function<String, Duration> cloneDeadline) {
        this.delegate = delegate;
        this.breaker = breaker;
        this.metrics = metrics;
        this.deadlines = deadlines;
        this.cloneDeadline = cloneDeadline;
    }

    /**
     * Bounded by its own deadline and outside the circuit breaker: a platform that stopped answering must not hold
     * up the process's stop, and a logout is worth trying even when the breaker is open.
     */
    @Override
    public void close() {
        CallDeadline.call(delegate.name(), "close", CLOSE_DEADLINE, () -> {
            delegate.close();
            return null;
        });
    }

    Optional<CircuitBreaker> breaker() {
        return breaker;
    }

    Optional<ProviderConnectionPool> connectionPool() {
        return delegate instanceof ConnectionPooled pooled ? Optional.of(pooled.connectionPool()) : Optional.empty();
    }

    private <T> T guard(String method, Duration deadline, Supplier<T> call) {
        long started = System.nanoTime();
        Supplier<T> bounded = () -> CallDeadline.call(delegate.name(), method, deadline, call);
        try {
            return breaker.isPresent() ? breaker.get().call(bounded) : bounded.get();
        } catch (RuntimeException e) {
            metrics.increment("provider_call_failed." + method + "." + delegate.name());
            if (e instanceof ProviderTimeoutException) {
                metrics.increment("provider_call_timed_out." + method + "." + delegate.name());
            }
            throw e;
        } finally {
            metrics.timing("provider_call." + method + "." + delegate.name(), (System.nanoTime() - started) / 1e6);
        }
    }

    private void guard(String method, Duration deadline, Runnable call) {
        guard(method, deadline, () -> {
            call.run();
            return null;
        });
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public List<String> vmsInPool(String pool) {
        return guard("vms_in_pool", deadlines.other(), () -> delegate.vmsInPool(pool));
    }

    @Override
    public Optional<VmInfo> getVm(String pool, String vm) {
        return guard("get_vm", deadlines.other(), () -> delegate.getVm(pool, vm));
    }

    @Override
    public VmInfo createVm(CreateRequest request) {
        return guard("create_vm", cloneDeadline.apply(request.pool()), () -> delegate.createVm(request));
    }

    @Override
    public Optional<String> vmIpAddress(String pool, String vm) {
        return guard("get_vm_ip_address", deadlines.other(), () -> delegate.vmIpAddress(pool, vm));
    }

    @Override
    public Readiness vmReady(String pool, String vm) {
        return guard("vm_ready", deadlines.readyCheck(), () -> delegate.vmReady(pool, vm));
    }

    @Override
    public boolean destroyVm(String pool, String vm) {
        return guard("destroy_vm", deadlines.destroy(), () -> delegate.destroyVm(pool, vm));
    }

    @Override
    public <T> Optional<T> capability(Class<T> contract) {
        return delegate.capability(contract).map(offered -> contract.cast(this));
    }

    private <T> T offered(Class<T> contract) {
        return delegate.capability(contract).orElseThrow(() -> new UnsupportedOperationException(
                "provider " + delegate.name() + " does not offer " + contract.getSimpleName()));
    }

    @Override
    public boolean createDisk(String pool, String vm, int sizeGb) {
        return guard("create_disk", deadlines.disk(), () -> offered(Disks.class).createDisk(pool, vm, sizeGb));
    }

    @Override
    public boolean createSnapshot(String pool, String vm, String snapshotName) {
        return guard("create_snapshot", deadlines.snapshot(), () -> offered(Snapshots.class).createSnapshot(pool, vm, snapshotName));
    }

    @Override
    public boolean revertSnapshot(String pool, String vm, String snapshotName) {
        return guard("revert_snapshot", deadlines.snapshot(), () -> offered(Snapshots.class).revertSnapshot(pool, vm, snapshotName));
    }

    @Override
    public Map<String, String> migrateVm(String pool, String vm) {
        return guard("migrate_vm", deadlines.other(), () -> offered(HostMigration.class).migrateVm(pool, vm));
    }

    @Override
    public boolean tagVmUser(String pool, String vm, String user) {
        return guard("tag_vm_user", deadlines.other(), () -> offered(UserTagging.class).tagVmUser(pool, vm, user));
    }

    @Override
    public void createTemplateDeltaDisks(PoolConfig pool) {
        guard("create_template_delta_disks", deadlines.disk(), () -> offered(TemplateDeltaDisks.class).createTemplateDeltaDisks(pool));
    }

    @Override
    public void purgeUnconfiguredResources(List<String> allowlist) {
        guard("purge_unconfigured_resources", deadlines.disk(),
                () -> offered(ResourcePurge.class).purgeUnconfiguredResources(allowlist));
    }

    @Override
    public ReadyCheck defaultReadyCheck() {
        return delegate.defaultReadyCheck();
    }

    @Override
    public String toString() {
        return "provider " + delegate.name();
    }
}
