package org.vmpooler.manager;

import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpooler.config.PoolConfig;
import org.vmpooler.config.ProviderConfig;
import org.vmpooler.config.PublishedPools;
import org.vmpooler.domain.VmState;
import org.vmpooler.provider.capability.ResourcePurge;

/**
 * What a manager does once before its loops start: zero the clone-slot counters and the in-flight migration set
 * (no clone or migration of a previous run can still be going on), publish the pools for API processes that run
 * without a pool list, drop the pending VMs of clones a previous run did not finish, and let providers purge
 * resources that belong to no configured pool.
 */
public final class ManagerStartup {

    private static final Logger LOG = LoggerFactory.getLogger(ManagerStartup.class);

    private final ManagerContext ctx;

    public ManagerStartup(ManagerContext ctx) {
        this.ctx = ctx;
    }

    public void run() {
        ctx.store().resetCloneSlots();
        ctx.store().clearMigrations();
        Map<String, Map<String, String>> published = PublishedPools.of(ctx.config());
        ctx.store().publishPools(published);
        LOG.info("[*] published {} pool(s): {}", published.size(), published.keySet());
        ctx.config().pools().forEach(pool -> dropInterruptedClones(pool.name()));
        purgeUnconfiguredResources();
    }

    /**
     * A pending VM the provider does not have was being cloned when the previous manager stopped: its clone will
     * never finish, so it is dropped now instead of holding a place in the pool until {@code timeout}. (The clone
     * counters are reset for the same reason: one manager runs at a time.) If the provider cannot list the pool,
     * the VMs are left to the normal timeout.
     */
    private void dropInterruptedClones(String pool) {
        Set<String> existing;
        try {
            existing = new HashSet<>(ctx.providers().forPool(pool).vmsInPool(pool));
        } catch (RuntimeException e) {
            LOG.warn("[!] [{}] cannot list the provider's VMs at start-up: {}", pool, e.toString());
            return;
        }
        for (String vm : ctx.store().vms(pool, VmState.PENDING)) {
            if (!existing.contains(vm)) {
                ctx.store().forgetVm(pool, vm, VmState.PENDING, ctx.dataTtl());
                LOG.info("[-] [{}] '{}' was being cloned when the manager last stopped and does not exist; dropped",
                        pool, vm);
            }
        }
    }

    private void purgeUnconfiguredResources() {
        for (ProviderConfig provider : ctx.config().providers().values()) {
            boolean enabled = provider.purgeUnconfiguredResources();
            Optional<String> anyPool = ctx.config().pools().stream().filter(p -> p.provider().equals(provider.name()))
                    .map(PoolConfig::name).findFirst();
            if (!enabled || anyPool.isEmpty()) {
                continue;
            }
            var instance = ctx.providers().forPool(anyPool.get());
            Optional<ResourcePurge> purge = instance.capability(ResourcePurge.class);
            if (purge.isEmpty()) {
                LOG.warn("[!] provider {} cannot purge unconfigured resources (its class offers no purge); "
                        + "purge_unconfigured_resources ignored", provider.name());
                continue;
            }
            ctx.calls().submit(instance.name(), () -> {
                LOG.info("[*] provider {} purging unconfigured resources (allow-list {})", provider.name(),
                        provider.resourcesAllowlist());
                try {
                    purge.get().purgeUnconfiguredResources(provider.resourcesAllowlist());
                } catch (RuntimeException e) {
                    LOG.error("[!] provider {} failed to purge unconfigured resources: {}", provider.name(), e.toString());
                }
            });
        }
    }
}
