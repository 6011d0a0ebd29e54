package org.vmpooler.provider;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.vmpooler.config.PoolConfig;
import org.vmpooler.metrics.Metrics;
import org.vmpooler.provider.capability.Disks;
import org.vmpooler.provider.capability.HostMigration;
import org.vmpooler.provider.capability.ResourcePurge;
import org.vmpooler.provider.capability.Snapshots;
import org.vmpooler.provider.capability.TemplateDeltaDisks;
import org.vmpooler.provider.capability.UserTagging;

/**
 * The provider instance as the manager sees it: every call goes through the instance's circuit breaker (when
 * enabled) and is timed. The reference guarded only five vSphere calls; here every provider and every method
 * is guarded the same way.
 *
 * <p>Metrics per call: timing {@code provider_call.<method>.<provider>} in milliseconds (also for failed and
 * refused calls), and counter {@code provider_call_failed.<method>.<provider>} when the call throws.
 * {@code <method>} is the reference's method name ({@code create_vm}, {@code vm_ready} …).
 *
 * <p>It implements every capability interface so that one wrapper can guard them all, but offers through
 * {@link #capability} only those its provider has.
 */
final class GuardedProvider implements Provider, Disks, Snapshots, HostMigration, TemplateDeltaDisks, UserTagging,
        ResourcePurge {
    private final Provider delegate;
    private final Optional<CircuitBreaker> breaker;
    private final Metrics metrics;

    GuardedProvider(Provider delegate, Optional<CircuitBreaker> breaker, Metrics metrics) {
        this.delegate = delegate;
        this.breaker = breaker;
        this.metrics = metrics;
    }

    Optional<CircuitBreaker> breaker() {
        return breaker;
    }

    Optional<ProviderConnectionPool> connectionPool() {
        return delegate instanceof ConnectionPooled pooled ? Optional.of(pooled.connectionPool()) : Optional.empty();
    }

    private <T> T guard(String method, Supplier<T> call) {
        long started = System.nanoTime();
        try {
            return breaker.isPresent() ? breaker.get().call(call) : call.get();
        } catch (RuntimeException e) {
            metrics.increment("provider_call_failed." + method + "." + delegate.name());
            throw e;
        } finally {
            metrics.timing("provider_call." + method + "." + delegate.name(), (System.nanoTime() - started) / 1e6);
        }
    }

    private void guard(String method, Runnable call) {
        guard(method, () -> {
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
        return guard("vms_in_pool", () -> delegate.vmsInPool(pool));
    }

    @Override
    public Optional<VmInfo> getVm(String pool, String vm) {
        return guard("get_vm", () -> delegate.getVm(pool, vm));
    }

    @Override
    public VmInfo createVm(String pool, String vm, CloneSpec spec) {
        return guard("create_vm", () -> delegate.createVm(pool, vm, spec));
    }

    @Override
    public Optional<String> vmIpAddress(String pool, String vm) {
        return guard("get_vm_ip_address", () -> delegate.vmIpAddress(pool, vm));
    }

    @Override
    public Readiness vmReady(String pool, String vm) {
        return guard("vm_ready", () -> delegate.vmReady(pool, vm));
    }

    @Override
    public boolean destroyVm(String pool, String vm) {
        return guard("destroy_vm", () -> delegate.destroyVm(pool, vm));
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
        return guard("create_disk", () -> offered(Disks.class).createDisk(pool, vm, sizeGb));
    }

    @Override
    public boolean createSnapshot(String pool, String vm, String snapshotName) {
        return guard("create_snapshot", () -> offered(Snapshots.class).createSnapshot(pool, vm, snapshotName));
    }

    @Override
    public boolean revertSnapshot(String pool, String vm, String snapshotName) {
        return guard("revert_snapshot", () -> offered(Snapshots.class).revertSnapshot(pool, vm, snapshotName));
    }

    @Override
    public Map<String, String> migrateVm(String pool, String vm) {
        return guard("migrate_vm", () -> offered(HostMigration.class).migrateVm(pool, vm));
    }

    @Override
    public boolean tagVmUser(String pool, String vm, String user) {
        return guard("tag_vm_user", () -> offered(UserTagging.class).tagVmUser(pool, vm, user));
    }

    @Override
    public void createTemplateDeltaDisks(PoolConfig pool) {
        guard("create_template_delta_disks", () -> offered(TemplateDeltaDisks.class).createTemplateDeltaDisks(pool));
    }

    @Override
    public void purgeUnconfiguredResources(List<String> allowlist) {
        guard("purge_unconfigured_resources",
                () -> offered(ResourcePurge.class).purgeUnconfiguredResources(allowlist));
    }

    @Override
    public String toString() {
        return "provider " + delegate.name();
    }
}
